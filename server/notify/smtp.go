package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// SMTP is where mail goes (KAIGI_SMTP_ADDR, KAIGI_SMTP_FROM,
// KAIGI_SMTP_USER, KAIGI_SMTP_PASSWORD). The connection is upgraded with
// STARTTLS whenever the server offers it; credentials are sent only over
// TLS (or to localhost), as net/smtp's PLAIN auth insists.
type SMTP struct {
	Addr     string // host:port
	From     string // the sender, "kaigi <kaigi@example.com>" or a bare address
	User     string
	Password string
	// TLS is the STARTTLS configuration; nil verifies the server's
	// certificate against the system's roots for the host of Addr.
	TLS     *tls.Config
	Timeout time.Duration // for the whole conversation; default 30 s
	Now     func() time.Time
}

// Mail is one plain-text message to one person.
type Mail struct {
	To      mail.Address
	Subject string
	Body    string
}

// Check reports a configuration that can never send.
func (s *SMTP) Check() error {
	if _, _, err := net.SplitHostPort(s.Addr); err != nil {
		return fmt.Errorf("KAIGI_SMTP_ADDR %q must be host:port, like smtp.example.com:587", s.Addr)
	}
	if _, err := mail.ParseAddress(s.From); err != nil {
		return fmt.Errorf("KAIGI_SMTP_FROM %q is not a mail address: %v", s.From, err)
	}
	return nil
}

// Send delivers m. Errors before the message was handed over, and the
// server's refusal of it, mean it was not sent; a connection lost while
// the server was accepting it is an unknown outcome.
func (s *SMTP) Send(ctx context.Context, m Mail) error {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return refused("sender %q: %v", s.From, err)
	}
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return refused("SMTP address %q: %v", s.Addr, err)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return refused("connect to the mail server: %v", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return refused("mail server greeting: %v", err)
	}
	if err := s.handshake(c, host); err != nil {
		return err
	}
	if err := c.Mail(from.Address); err != nil {
		return refused("mail server refused the sender: %v", err)
	}
	if err := c.Rcpt(m.To.Address); err != nil {
		return refused("mail server refused %s: %v", m.To.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		return refused("mail server refused the message: %v", err)
	}
	if _, err := w.Write(s.message(from, host, m)); err != nil {
		return unknown("send the message: %v", err)
	}
	if err := w.Close(); err != nil {
		var reply *textproto.Error
		if errors.As(err, &reply) {
			return refused("mail server refused the message: %v", err)
		}
		return unknown("mail server did not confirm the message: %v", err)
	}
	_ = c.Quit() // the message is accepted; a lost goodbye changes nothing
	return nil
}

// handshake says hello, upgrades to TLS when offered and logs in when
// credentials are configured.
func (s *SMTP) handshake(c *smtp.Client, host string) error {
	if err := c.Hello("kaigi"); err != nil {
		return refused("mail server hello: %v", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := s.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: host}
		}
		if err := c.StartTLS(cfg); err != nil {
			return refused("STARTTLS with the mail server: %v", err)
		}
	}
	if s.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, host)); err != nil {
			return refused("log in to the mail server as %s: %v", s.User, err)
		}
	}
	return nil
}

// message is m as an RFC 5322 message: UTF-8 text, quoted-printable, the
// subject and names encoded for any language.
func (s *SMTP) message(from *mail.Address, host string, m Mail) []byte {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	var id [12]byte
	_, _ = rand.Read(id[:])
	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", from.String())
	h("To", m.To.String())
	h("Subject", fold(len("Subject: "), mime.QEncoding.Encode("utf-8", m.Subject)))
	h("Date", now().Format(time.RFC1123Z))
	h("Message-ID", "<"+hex.EncodeToString(id[:])+"@"+host+">")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=UTF-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	h("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")))
	_ = qp.Close()
	return b.Bytes()
}

// fold wraps a header value at spaces so that lines stay near 78 bytes
// (RFC 5322's advice; an encoded word, up to 75, is never split); the
// first used bytes of the line hold the header's name.
func fold(used int, v string) string {
	var b strings.Builder
	n := used
	for i, w := range strings.Split(v, " ") {
		if i > 0 {
			if n+1+len(w) > 78 {
				b.WriteString("\r\n")
				n = 0
			}
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
