package server

import (
	"crypto/subtle"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is what /metrics serves: the registry the rest of kaigi adds its
// gauges and counters to (sync, jobs, database size, replication), and the
// token a scraper must send.
type Metrics struct {
	Registry *prometheus.Registry
	// Token is KAIGI_METRICS_TOKEN: /metrics answers only a request with
	// "Authorization: Bearer <token>". Without one, /metrics is off.
	Token string
}

// countRequests counts every answered request by its route (the pattern,
// not the path: IDs would make a series per record) and status.
func countRequests(reg prometheus.Registerer) echo.MiddlewareFunc {
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kaigi_http_requests_total",
		Help: "HTTP requests answered, by route pattern, method and status."}, []string{"route", "method", "status"})
	reg.MustRegister(requests)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			err := next(c)
			if err != nil {
				c.Error(err) // the error response's status is the one counted
			}
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			requests.WithLabelValues(route, c.Request().Method, strconv.Itoa(c.Response().Status)).Inc()
			return nil
		}
	}
}

// metricsHandler serves the registry to a scraper that sends the token.
func metricsHandler(m Metrics) echo.HandlerFunc {
	serve := promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
	want := []byte("Bearer " + m.Token)
	return func(c echo.Context) error {
		got := []byte(c.Request().Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			return c.String(http.StatusUnauthorized, "send the metrics token: Authorization: Bearer $KAIGI_METRICS_TOKEN\n")
		}
		serve.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}
