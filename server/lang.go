package server

import (
	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/templates/i18n"
)

const ctxTranslator = "kaigi.t"

// tr is the request's language, resolved once: the person's setting, else
// the browser's Accept-Language, else the server's default (KAIGI_LANG).
// Handlers format view models with it; show renders the page in it.
func (a *app) tr(c echo.Context) *i18n.T {
	if t, ok := c.Get(ctxTranslator).(*i18n.T); ok {
		return t
	}
	t := a.catalog.Choose(currentAccount(c).Lang, c.Request().Header.Get("Accept-Language"))
	c.Set(ctxTranslator, t)
	return t
}

// language resolves the request's language before its handler runs, so
// that helpers without the app (failedForm) find it with requestLang.
func (a *app) language(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		a.tr(c)
		return next(c)
	}
}

// requestLang is the language language resolved; nil (English messages
// as written) outside it.
func requestLang(c echo.Context) *i18n.T {
	t, _ := c.Get(ctxTranslator).(*i18n.T)
	return t
}
