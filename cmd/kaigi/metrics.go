package main

import (
	"os"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/kaigi-dev/kaigi/internal/jobs"
	"github.com/kaigi-dev/kaigi/server"
)

// gaugeFunc is a gauge read at every scrape of /metrics. serveConfig.gauges
// is where a part of serve adds its own before the handler is built: the
// replica's lag goes there as kaigi_replication_lag_seconds.
type gaugeFunc struct {
	name, help string
	read       func() float64
}

// newMetrics builds what /metrics serves when KAIGI_METRICS_TOKEN is set
// (requests are counted by the server itself); without it, nothing.
func newMetrics(env map[string]string, cfg serveConfig) server.Metrics {
	token := env["KAIGI_METRICS_TOKEN"]
	if token == "" {
		return server.Metrics{}
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if cfg.background != nil {
		reg.MustRegister(panicCounter{cfg.background})
	}
	gauges := append([]gaugeFunc{{"kaigi_database_size_bytes", "Size of the database file and its write-ahead log.",
		func() float64 { return float64(fileSize(cfg.DB) + fileSize(cfg.DB+"-wal")) }}}, cfg.gauges...)
	for _, g := range gauges {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: g.name, Help: g.help}, g.read))
	}
	if n := cfg.Notion; n != nil {
		counter := func(name, help string, read func() int64) prometheus.Collector {
			return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return float64(read()) })
		}
		reg.MustRegister(
			counter("kaigi_sync_cycles_total", "Notion sync cycles run by this server.", func() int64 { return n.svc.Counters().Cycles }),
			counter("kaigi_sync_failed_cycles_total", "Notion sync cycles that failed as a whole.", func() int64 { return n.svc.Counters().Failed }),
			counter("kaigi_sync_requests_total", "Requests the Notion sync cycles sent.", func() int64 { return n.svc.Counters().Requests }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kaigi_sync_problems", Help: "Standing sync problems after the last cycle."},
				func() float64 { return float64(n.svc.Counters().Problems) }))
	}
	return server.Metrics{Registry: reg, Token: token}
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// panicCounter reports the job runner's recovered panics by job.
type panicCounter struct{ runner *jobs.Runner }

var panicsDesc = prometheus.NewDesc("kaigi_background_job_panics_total",
	"Panics recovered in background jobs (the server went on), by job.", []string{"job"}, nil)

func (p panicCounter) Describe(ch chan<- *prometheus.Desc) { ch <- panicsDesc }

func (p panicCounter) Collect(ch chan<- prometheus.Metric) {
	for job, n := range p.runner.Panics() {
		ch <- prometheus.MustNewConstMetric(panicsDesc, prometheus.CounterValue, float64(n), job)
	}
}
