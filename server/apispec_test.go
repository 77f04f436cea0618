package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// The published spec is the contract of every API test: the test server
// runs each request under /api/v1 through specChecked, which fails the test
// when the request or the answer disagrees with server/openapi.yaml.

// specHost is where the router places the API: the spec's server is the
// relative /api/v1, which gorillamux matches on a full URL only.
const specHost = "http://kaigi.test"

type loadedSpec struct {
	doc    *openapi3.T
	router routers.Router
}

// theSpec loads server/openapi.yaml once per test binary.
var theSpec = sync.OnceValues(func() (loadedSpec, error) {
	raw, err := os.ReadFile("openapi.yaml")
	if err != nil {
		return loadedSpec{}, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		return loadedSpec{}, fmt.Errorf("load openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return loadedSpec{}, fmt.Errorf("openapi.yaml is not valid: %w", err)
	}
	routed := *doc
	routed.Servers = openapi3.Servers{{URL: specHost + "/api/v1"}}
	router, err := gorillamux.NewRouter(&routed)
	if err != nil {
		return loadedSpec{}, err
	}
	return loadedSpec{doc: doc, router: router}, nil
})

func spec(t testing.TB) loadedSpec {
	t.Helper()
	s, err := theSpec()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func init() {
	// The minutes are Markdown: text, checked as a string.
	openapi3filter.RegisterBodyDecoder("text/markdown", openapi3filter.PlainBodyDecoder)
}

// specOptions validate formats (a date is a date) and leave authentication
// to the server, which the API tests check themselves.
func specOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus:   true,
		SkipSettingDefaults:     true,
		MultiError:              true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
	}
}

// specChecked serves h and checks every exchange under /api/v1 against the
// spec: the answer must be one the spec describes for the operation, and a
// request the spec refuses must be refused (4xx) by the server too.
func specChecked(t testing.TB, h http.Handler) http.Handler {
	s := spec(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/v1/") {
			h.ServeHTTP(w, r)
			return
		}
		var reqBody []byte
		if r.Body != nil {
			reqBody, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(reqBody))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		if err := checkExchange(s, r, reqBody, rec); err != nil {
			t.Errorf("%s %s does not match openapi.yaml: %v", r.Method, r.URL.RequestURI(), err)
		}
	})
}

func checkExchange(s loadedSpec, r *http.Request, reqBody []byte, rec *httptest.ResponseRecorder) error {
	if rec.Code == 499 { // the client went away; nothing was answered
		return nil
	}
	routed := r.Clone(context.Background())
	u := *r.URL
	u.Scheme, u.Host = "http", strings.TrimPrefix(specHost, "http://")
	routed.URL, routed.Host = &u, u.Host
	routed.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := s.router.FindRoute(routed)
	if err != nil {
		if rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed {
			return nil // unknown to both
		}
		return fmt.Errorf("the server answered %d to an operation the spec does not have (%v)", rec.Code, err)
	}
	opts := specOptions()
	in := &openapi3filter.RequestValidationInput{Request: routed, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && rec.Code < 400 {
		return fmt.Errorf("the spec refuses the request but the server answered %d: %v", rec.Code, err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: opts}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("answer %d: %v\nbody: %.2000s", rec.Code, err, rec.Body.Bytes())
	}
	return nil
}
