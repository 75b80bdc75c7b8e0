package server

import (
	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// errNotFound is the answer to any unknown address or id, and to anything out of scope.
var errNotFound = congress.Errorf(congress.ENOTFOUND, "Không tìm thấy.")

// notFound answers routes that do not exist.
func (s *Server) notFound(c *gin.Context) { s.fail(c, errNotFound) }
