package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	for _, tt := range []struct {
		err   error
		field string
		says  string
	}{
		{&APIError{Status: 401, Code: "unauthorized"}, "token", "KAIGI_NOTION_TOKEN"},
		{&APIError{Status: 403, Code: "restricted_resource"}, "database", "capabilities"},
		{&APIError{Status: 404, Code: "object_not_found"}, "database", "Connections"},
		{&APIError{Status: 400, Code: "validation_error", Message: "Databases with multiple data sources are not supported in this API version."}, "database", "--data-source"},
	} {
		var ce *ConfigError
		if err := Explain(tt.err, "database", "d1"); !errors.As(err, &ce) || ce.Field != tt.field || !strings.Contains(ce.Message, tt.says) {
			t.Errorf("%v explained as %v, want a %s problem saying %q", tt.err, err, tt.field, tt.says)
		}
	}
	other := &APIError{Status: 400, Code: "validation_error", Message: "bad"}
	if err := Explain(other, "page", "p"); err != other {
		t.Errorf("an unrelated answer was rewritten: %v", err)
	}
	if !IsNotFound(fmt.Errorf("read: %w", &APIError{Status: 404})) || IsNotFound(&APIError{Status: 400}) {
		t.Errorf("IsNotFound")
	}
	if !Refused(&APIError{Status: 400}) || Refused(&APIError{Status: 504}) || Refused(errors.New("reset")) {
		t.Errorf("Refused: a 504 may have been applied, a network error says nothing")
	}
	if !IsArchived(&APIError{Status: 400, Message: "Can't edit block that is archived."}) || IsArchived(&APIError{Status: 400, Message: "bad"}) {
		t.Errorf("IsArchived")
	}
}

func TestTokenNeverPrints(t *testing.T) {
	const secret = "secret_Zq81xVtB3nWkLmP0dRr7Yc2Hs9Ue4Ja6Gf5Ti1Ko8Lw"
	tok := NewToken("  " + secret + "\n")
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("token", "token", tok)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("token", "token", tok)
	js, _ := json.Marshal(struct{ T Token }{tok})
	all := fmt.Sprintf("%v %+v %#v %s %q", tok, tok, tok, tok, tok) + logs.String() + string(js)
	for _, part := range []string{secret, secret[7:], secret[:len(secret)-4]} {
		if strings.Contains(all, part) {
			t.Fatalf("the token leaked: %s", all)
		}
	}
	if !strings.Contains(all, "…8Lw") && !strings.Contains(all, "…o8Lw") {
		t.Fatalf("the token does not show its last characters: %s", all)
	}
	if tok.Empty() || !NewToken(" \n").Empty() {
		t.Fatalf("Empty")
	}
	if tok.secret != secret {
		t.Fatalf("the secret was not trimmed")
	}
}
