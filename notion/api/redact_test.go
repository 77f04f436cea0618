package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const leakySecret = "secret_Zq81xVtB3nWkLmP0dRr7Yc2Hs9Ue4Ja6Gf5Ti1Ko8Lw"

// TestNotionTextIsScrubbedOfTheToken: Notion's answer echoes the token (a
// proxy's error page, a validation message quoting a value); neither the
// error kaigi returns nor anything it logs carries it.
func TestNotionTextIsScrubbedOfTheToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		msg := "body.title should be text, instead was `" + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") + "`"
		json.NewEncoder(w).Encode(map[string]any{"object": "error", "status": 400, "code": "validation_error", "message": msg})
	}))
	defer srv.Close()
	tr, err := NewTransport(TransportOptions{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	c := NewClient(NewToken(leakySecret), tr)
	_, err = c.Page(context.Background(), "0123456789abcdef0123456789abcdef")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 400 {
		t.Fatalf("want the 400 answer, got %v", err)
	}
	_, meErr := c.Me(context.Background()) // through jomei
	var logs bytes.Buffer
	log := slog.New(RedactingHandler(slog.NewTextHandler(&logs, nil), NewToken(leakySecret)))
	log.Warn("title "+leakySecret, "err", err, "title", "pasted "+leakySecret, slog.Group("g", "v", leakySecret), "fields", map[string]string{"title": leakySecret})
	log.With("page", leakySecret).Info("with")
	all := fmt.Sprintf("%v %+v %v %s %s", err, ae, meErr, logs.String(), c.Redact("x "+leakySecret))
	if strings.Contains(all, leakySecret) || strings.Contains(all, leakySecret[7:]) {
		t.Fatalf("the token leaked:\n%s", all)
	}
	if !strings.Contains(all, "…o8Lw") {
		t.Fatalf("the scrubbed text does not show where the token was:\n%s", all)
	}
	if plain := errors.New("no secret here"); c.RedactError(plain) != plain {
		t.Fatalf("an error without the token was rewrapped")
	}
}
