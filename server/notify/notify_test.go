package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/internal/smtptest"
	"github.com/kaigi-dev/kaigi/server/notify"
)

func TestMailGoesOverSTARTTLSWithLogin(t *testing.T) {
	srv := smtptest.Start(t, "kaigi", "smtp secret")
	m := &notify.SMTP{Addr: srv.Addr, From: "kaigi <kaigi@example.com>", User: "kaigi", Password: "smtp secret", TLS: srv.ClientTLS}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	body := "相沢 さん\n\n期限切れ（1件）:\n- 議事録を送る\n" + strings.Repeat("長い行", 40) + "\n"
	err := m.Send(context.Background(), notify.Mail{To: mail.Address{Name: "相沢 愛子", Address: "aiko@example.com"},
		Subject: "kaigi: 2026年1月5日(月) のタスク", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	got := msgs[0]
	if !got.TLS || got.User != "kaigi" || got.From != "kaigi@example.com" || len(got.To) != 1 || got.To[0] != "aiko@example.com" {
		t.Fatalf("envelope %+v", got)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "kaigi: 2026年1月5日(月) のタスク" {
		t.Fatalf("subject %q (%v)", subject, err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || to[0].Name != "相沢 愛子" {
		t.Fatalf("To %v (%v)", to, err)
	}
	text, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if strings.ReplaceAll(string(text), "\r\n", "\n") != body {
		t.Fatalf("body %q", text)
	}
	// Header lines within RFC 5322's hard limit, body lines within
	// quoted-printable's 76.
	head, rest, _ := bytes.Cut(got.Data, []byte("\r\n\r\n"))
	for limit, part := range map[int][]byte{998: head, 76: rest} {
		for _, line := range bytes.Split(part, []byte("\r\n")) {
			if len(line) > limit {
				t.Fatalf("a line of %d bytes (limit %d): %q", len(line), limit, line)
			}
		}
	}
}

func TestMailFailuresSayWhetherItMayHaveArrived(t *testing.T) {
	srv := smtptest.Start(t, "", "")
	m := &notify.SMTP{Addr: srv.Addr, From: "kaigi@example.com", TLS: srv.ClientTLS}
	send := func() error {
		return m.Send(context.Background(), notify.Mail{To: mail.Address{Address: "ken@example.com"}, Subject: "s", Body: "b"})
	}
	srv.SetFault(smtptest.RefuseRcpt)
	if err := send(); err == nil || notify.OutcomeUnknown(err) {
		t.Fatalf("refused recipient: %v, want a certain failure", err)
	}
	srv.SetFault(smtptest.DropAfterData)
	if err := send(); err == nil || !notify.OutcomeUnknown(err) {
		t.Fatalf("connection lost after the message: %v, want an unknown outcome", err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	m.Addr = closed
	if err := send(); err == nil || notify.OutcomeUnknown(err) {
		t.Fatalf("no server: %v, want a certain failure", err)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("a faulty send was kept")
	}
}

func TestSlackPostAndItsFailures(t *testing.T) {
	var got []string
	status := http.StatusOK
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&body) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		got = append(got, body["text"])
		w.WriteHeader(status)
		io.WriteString(w, "ok")
	}))
	defer hook.Close()
	secretURL := hook.URL + "/services/T000/B000/very-secret-path"
	s := &notify.Slack{URL: secretURL}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if err := s.Post(context.Background(), "*相沢 さんのタスク*\n• <https://k/tasks/1|議事録>"); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !strings.Contains(got[0], "相沢") {
		t.Fatalf("posted %q", got)
	}
	status = http.StatusNotFound
	if err := s.Post(context.Background(), "x"); err == nil || notify.OutcomeUnknown(err) || strings.Contains(err.Error(), "very-secret") {
		t.Fatalf("404: %v", err)
	}
	status = http.StatusInternalServerError
	if err := s.Post(context.Background(), "x"); err == nil || !notify.OutcomeUnknown(err) {
		t.Fatalf("500: %v, want an unknown outcome", err)
	}
	hook.Close()
	if err := s.Post(context.Background(), "x"); err == nil || notify.OutcomeUnknown(err) || strings.Contains(err.Error(), "very-secret") {
		t.Fatalf("no server: %v", err)
	}
	if (&notify.Slack{URL: "not a url"}).Check() == nil {
		t.Fatal("a bad webhook address was accepted")
	}
}
