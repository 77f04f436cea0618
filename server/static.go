package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/templates"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// asset is one static file, read and compressed once at start.
type asset struct {
	body, gzipped []byte
	etag, ctype   string
	hashedName    string // app.1a2b3c4d5e.css
}

// staticAssets serves the embedded static files. Pages link them by a
// name that carries a hash of their content, cached for a year without
// asking again; a new build changes the name. The plain names still work
// (an hour's cache), and so does an older hash, from a page loaded before
// an upgrade. Every answer has an ETag, and the gzip form is sent
// to clients that take it when it is smaller.
type staticAssets struct {
	byName map[string]*asset // plain and hashed names
}

func loadAssets() (*staticAssets, error) {
	sub, err := fs.Sub(templates.Web, "static")
	if err != nil {
		return nil, err
	}
	sa := &staticAssets{byName: map[string]*asset{}}
	err = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(sub, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:5])
		ext := path.Ext(name)
		a := &asset{body: body, etag: `"` + hash + `"`, ctype: mime.TypeByExtension(ext),
			hashedName: strings.TrimSuffix(name, ext) + "." + hash + ext}
		var gz bytes.Buffer
		w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		w.Write(body)
		w.Close()
		if gz.Len() < len(body) {
			a.gzipped = gz.Bytes()
		}
		sa.byName[name], sa.byName[a.hashedName] = a, a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	return sa, nil
}

// urls are the hashed URLs pages link to.
func (sa *staticAssets) urls() pages.Assets {
	return pages.Assets{CSS: "/static/" + sa.byName["app.css"].hashedName, JS: "/static/" + sa.byName["app.js"].hashedName,
		Print: "/static/" + sa.byName["print.css"].hashedName}
}

func (sa *staticAssets) serve(c echo.Context) error {
	name := c.Param("*")
	a, ok := sa.byName[name]
	if !ok {
		// A page from before an upgrade asks for an older hash: answer
		// the current file, briefly cached.
		a, ok = sa.byName[unhashed(name)]
	}
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	h := c.Response().Header()
	if name == a.hashedName {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	h.Set("ETag", a.etag)
	h.Set("Vary", "Accept-Encoding")
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, a.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	body := a.body
	if a.gzipped != nil && acceptsGzip(c.Request()) {
		h.Set("Content-Encoding", "gzip")
		body = a.gzipped
	}
	return c.Blob(http.StatusOK, a.ctype, body)
}

// unhashed turns app.0123456789.css into app.css.
func unhashed(name string) string {
	ext := path.Ext(name)
	base, hash := path.Split(strings.TrimSuffix(name, ext))
	if i := strings.LastIndexByte(hash, '.'); i >= 0 && len(hash)-i-1 == 10 {
		return base + hash[:i] + ext
	}
	return name
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
