package server

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

// checkOrigin is the second line of defence behind the CSRF token, for
// state-changing requests a browser makes with kaigi's cookies: it refuses
// those the browser says came from another site. The order follows OWASP's
// CSRF guidance: Fetch Metadata (Sec-Fetch-Site) when the browser sends it,
// then Origin, then, for old browsers that send neither, Referer. A request
// with none of them (an old browser, a privacy proxy) is judged by its CSRF
// token alone. API token requests carry no cookie and never get here.
func (a *app) checkOrigin(c echo.Context) error {
	r := c.Request()
	site := strings.ToLower(r.Header.Get("Sec-Fetch-Site"))
	if site == "cross-site" || site == "same-site" {
		return a.crossOrigin(c, "another site ("+site+")")
	}
	from := r.Header.Get("Origin")
	if from == "" && site == "" {
		from = r.Header.Get("Referer")
	}
	if from == "" {
		return nil
	}
	if !a.ownOrigin(r, from) {
		return a.crossOrigin(c, originOf(from))
	}
	return nil
}

// ownOrigin reports whether the URL from (an Origin or a Referer) is
// kaigi's own address: KAIGI_BASE_URL when set, else the host the request
// was sent to. Without a base URL either scheme is accepted on plain HTTP,
// since a TLS-terminating proxy in front shows the browser https.
func (a *app) ownOrigin(r *http.Request, from string) bool {
	u, err := url.Parse(from)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false // "null", opaque or malformed origins
	}
	if a.baseURL != nil {
		return u.Scheme == a.baseURL.Scheme && hostPort(u) == hostPort(a.baseURL)
	}
	if r.TLS != nil && u.Scheme != "https" {
		return false
	}
	want := &url.URL{Scheme: u.Scheme, Host: r.Host}
	return hostPort(u) == hostPort(want)
}

// hostPort is a URL's lower-cased host with its port, the scheme's default
// port filled in, so "https://kaigi.example" equals "https://kaigi.example:443".
func hostPort(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(host, port)
}

// originOf shows the scheme and host of a URL, not its path or query.
func originOf(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return fmt.Sprintf("%.40q", s)
	}
	return u.Scheme + "://" + u.Host
}

func (a *app) crossOrigin(c echo.Context, from string) error {
	r := c.Request()
	a.Logger.WarnContext(r.Context(), "cross-origin request refused", "method", r.Method, "path", logPath(r.URL.Path),
		"from", from, "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"), "host", r.Host, "base_url", a.BaseURL)
	where := "this site"
	if a.baseURL != nil {
		where = a.baseURL.Scheme + "://" + a.baseURL.Host
	}
	return &data.Error{Code: data.EFORBIDDEN, Field: "origin",
		Message: fmt.Sprintf("this form was sent from %s, not from kaigi's own pages at %s; open kaigi there and try again", from, where)}
}

// parseBaseURL checks KAIGI_BASE_URL: an absolute http(s) address.
func parseBaseURL(s string) (*url.URL, error) {
	if s == "" {
		return nil, nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("server: base URL %q must be an absolute http(s) address such as https://kaigi.example.com", s)
	}
	return u, nil
}
