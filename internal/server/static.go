package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// staticFile is one embedded file with its validator.
type staticFile struct {
	data []byte
	etag string
}

// staticFiles are the embedded files under web/static, read once. version is a digest of all of
// them: the layout links /static/app.css?v=version, so a new build busts every cache at once.
type staticFiles struct {
	files   map[string]*staticFile
	version string
}

func loadStatic(fsys fs.FS) (*staticFiles, error) {
	sf := &staticFiles{files: map[string]*staticFile{}}
	var names []string
	err := fs.WalkDir(fsys, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		name := strings.TrimPrefix(path, "static/")
		sf.files[name] = &staticFile{data: data, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		names = append(names, name)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: static files: %w", err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s %s\n", n, sf.files[n].etag)
	}
	sf.version = hex.EncodeToString(h.Sum(nil)[:6])
	return sf, nil
}

// serveStatic answers GET /static/*filepath. Links carrying the current version are cached for
// a year; any other request for an hour, then revalidated by ETag.
func (s *Server) serveStatic(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("filepath"), "/")
	f, ok := s.static.files[name]
	if !ok {
		c.Header("Cache-Control", "no-store")
		c.String(http.StatusNotFound, congress.ErrorMessage(congress.Errorf(congress.ENOTFOUND, "Không tìm thấy tệp.")))
		return
	}
	if c.Query("v") == s.static.version {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "public, max-age=3600")
	}
	c.Header("ETag", f.etag)
	http.ServeContent(c.Writer, c.Request, name, time.Time{}, bytes.NewReader(f.data))
}
