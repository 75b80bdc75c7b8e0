package main

import (
	"testing"

	"daihoi/internal/testdb"
)

// TestMain runs the package's tests on SQLite, then on PostgreSQL (testdb.Main).
func TestMain(m *testing.M) { testdb.Main(m) }
