// Package vn holds the Vietnamese text rules that the web pages, the reports and the election engine
// share: name collation (given name, then middle names, then family name), accent folding for
// search, Roman numerals for congress ordinals, and the number and date formats of party documents.
//
// Everything here is pure and safe for concurrent use.
package vn
