package server

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

const (
	sessionCookie   = "kaigi_session"
	loginCSRFCookie = "kaigi_login_csrf"
	csrfField       = "csrf"
	csrfHeader      = "X-CSRF-Token"

	ctxUser       = "kaigi.user"
	ctxCSRF       = "kaigi.csrf"
	ctxSessionKey = "kaigi.session"
	ctxAccount    = "kaigi.account"
)

// account is what the request's credentials allow and prefer.
type account struct {
	Role    data.Role
	Lang    string
	ByToken bool // an API token, not a browser session
}

// currentAccount is the request's role and language; empty before login.
func currentAccount(c echo.Context) account {
	a, _ := c.Get(ctxAccount).(account)
	return a
}

// isAdmin reports whether the request is an admin's browser session: API
// tokens never manage users or tokens, whoever owns them.
func isAdmin(c echo.Context) bool {
	a := currentAccount(c)
	return a.Role == data.RoleAdmin && !a.ByToken
}

// currentUser is the person behind the request; set by authenticate.
func currentUser(c echo.Context) data.Person {
	p, _ := c.Get(ctxUser).(data.Person)
	return p
}

func csrfToken(c echo.Context) string {
	s, _ := c.Get(ctxCSRF).(string)
	return s
}

// authenticate accepts an API token (Authorization: Bearer) or a session
// cookie. Token requests carry no ambient credentials, so they skip CSRF.
func (a *app) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if auth := c.Request().Header.Get(echo.HeaderAuthorization); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok || token == "" {
				return data.Errorf(data.EUNAUTHORIZED, "use 'Authorization: Bearer TOKEN' with a token from 'kaigi token create'")
			}
			p, err := a.Store.PersonByAPIToken(ctx, HashSecret(token))
			if err != nil {
				return err
			}
			c.Set(ctxUser, p)
			c.Set(ctxAccount, account{ByToken: true})
			return next(c)
		}
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return data.Errorf(data.EUNAUTHORIZED, "log in first")
		}
		hash := HashSecret(ck.Value)
		sess, p, err := a.Store.SessionByHash(ctx, hash)
		if err != nil {
			if data.ErrorCode(err) == data.EUNAUTHORIZED {
				a.clearCookie(c, sessionCookie)
			}
			return err
		}
		c.Set(ctxUser, p)
		c.Set(ctxAccount, account{Role: sess.Role, Lang: sess.Lang})
		c.Set(ctxCSRF, sess.CSRFToken)
		c.Set(ctxSessionKey, hash)
		return next(c)
	}
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// checkCSRF refuses an unsafe request made with a session cookie unless it
// carries the session's CSRF token in the form or in X-CSRF-Token, and
// comes from kaigi's own pages (checkOrigin).
func (a *app) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !unsafeMethod(c.Request().Method) {
			return next(c)
		}
		if !isAPI(c) {
			if err := readForm(c); err != nil {
				return err
			}
		}
		want := csrfToken(c)
		if want == "" {
			return next(c)
		}
		got := c.Request().Header.Get(csrfHeader)
		if got == "" && !isAPI(c) {
			got = c.FormValue(csrfField)
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			return &data.Error{Code: data.EFORBIDDEN, Field: csrfField,
				Message: "the form is missing its security token or has expired; reload the page and try again"}
		}
		if err := a.checkOrigin(c); err != nil {
			return err
		}
		return next(c)
	}
}

// loginCSRF protects the login form, made before any session exists, with a
// double-submit cookie.
func (a *app) loginCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := readForm(c); err != nil {
			return err
		}
		ck, err := c.Cookie(loginCSRFCookie)
		if err != nil || ck.Value == "" ||
			subtle.ConstantTimeCompare([]byte(ck.Value), []byte(c.FormValue(csrfField))) != 1 {
			return &data.Error{Code: data.EFORBIDDEN, Field: csrfField, Message: "the form has expired; reload the page and try again"}
		}
		if err := a.checkOrigin(c); err != nil {
			return err
		}
		return next(c)
	}
}

type loginView = pages.Login

func (a *app) loginPage(c echo.Context) error {
	return a.showLogin(c, http.StatusOK, loginView{Next: safeNext(c.QueryParam("next"))})
}

func (a *app) showLogin(c echo.Context, status int, v loginView) error {
	v.CSRF = a.preLoginCSRF(c)
	has, err := a.Store.HasUsers(c.Request().Context())
	if err != nil {
		return err
	}
	v.NoUsers = !has
	return a.show(c, status, pages.LoginPage(a.layout(c, a.tr(c).S("login.title"), "login"), v))
}

// preLoginCSRF is the double-submit token of forms sent before a session
// exists (login, invite, password reset). It keeps the token of an earlier
// such page, so that two open tabs (or a stray background request) do not
// invalidate each other.
func (a *app) preLoginCSRF(c echo.Context) string {
	secret := ""
	if ck, err := c.Cookie(loginCSRFCookie); err == nil && len(ck.Value) == 43 {
		secret = ck.Value
	} else {
		secret, _ = NewSecret()
	}
	a.setCookie(c, loginCSRFCookie, secret, 3600)
	return secret
}

func (a *app) login(c echo.Context) error {
	ctx := c.Request().Context()
	email := strings.TrimSpace(c.FormValue("email"))
	pw := c.FormValue("password")
	v := loginView{Email: email, Next: safeNext(c.FormValue("next"))}
	ip := c.RealIP()
	if !a.limiter.allowed(ip, email) {
		a.Logger.WarnContext(ctx, "login throttled", "ip", ip)
		v.Error = a.tr(c).S("login.throttled")
		return a.showLogin(c, http.StatusTooManyRequests, v)
	}
	u, err := a.Store.UserByEmail(ctx, email)
	if err != nil && data.ErrorCode(err) != data.ENOTFOUND {
		return err
	}
	hash := u.PasswordHash
	if err != nil {
		hash = dummyHash()
	}
	if !passwordMatches(hash, pw) || err != nil {
		a.limiter.failed(ip, email)
		v.Error = a.tr(c).S("login.wrong")
		return a.showLogin(c, http.StatusUnauthorized, v)
	}
	if err := a.startSession(c, u.Person.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, v.Next)
}

// startSession logs the browser in as person. A fresh token at every
// login: a session ID planted before login is never promoted.
func (a *app) startSession(c echo.Context, person data.PersonID) error {
	ctx := c.Request().Context()
	secret, hashed := NewSecret()
	csrf, _ := NewSecret()
	now := a.Now()
	if err := a.Store.CreateSession(ctx, data.Session{TokenHash: hashed, PersonID: person, CSRFToken: csrf,
		CreatedAt: now, ExpiresAt: now.Add(a.SessionTTL)}); err != nil {
		return err
	}
	a.setCookie(c, sessionCookie, secret, int(a.SessionTTL.Seconds()))
	a.clearCookie(c, loginCSRFCookie)
	a.Logger.InfoContext(ctx, "logged in", "person", person)
	return nil
}

func (a *app) logout(c echo.Context) error {
	if hash, ok := c.Get(ctxSessionKey).(string); ok {
		if err := a.Store.DeleteSession(c.Request().Context(), hash); err != nil {
			return err
		}
	}
	a.clearCookie(c, sessionCookie)
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (a *app) setCookie(c echo.Context, name, value string, maxAge int) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: a.SecureCookies || c.Request().TLS != nil,
	})
}

func (a *app) clearCookie(c echo.Context, name string) { a.setCookie(c, name, "", -1) }

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string { return localPath(next, "/") }

func loginURL(c echo.Context) string {
	if c.Request().Method != http.MethodGet {
		return "/login"
	}
	return "/login?next=" + url.QueryEscape(c.Request().URL.RequestURI())
}
