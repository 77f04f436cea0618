// Package replica copies kaigi's database file continuously to another place
// (a folder, an S3-compatible bucket, an SFTP server) with Litestream
// embedded as a library, and restores it from there, the latest state or a
// point in time. It holds no SQL of its own: Litestream reads the file, and
// the restored copy is checked and put in place by the data package.
package replica

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	"github.com/benbjohnson/litestream/s3"
	"github.com/benbjohnson/litestream/sftp"

	"github.com/kaigi-dev/kaigi/data"
)

// Target is where the replica lives, parsed from KAIGI_REPLICA.
type Target struct {
	raw    string
	client litestream.ReplicaClient
}

// SFTP holds what an sftp:// target needs beyond its URL.
type SFTP struct {
	KeyPath string // private key file
	HostKey string // the server's public key, authorized_keys format; unchecked when empty
}

// ParseTarget reads a replica URL: file:///abs/folder,
// s3://bucket/path[?endpoint=…&region=…&forcePathStyle=true] or
// sftp://user[:password]@host[:port]/path.
func ParseTarget(raw string, sf SFTP) (Target, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return Target{}, data.Errorf(data.EINVALID,
			"replica %q is not a URL; use file:///folder, s3://bucket/path or sftp://user@host/path", Redact(raw))
	}
	var client litestream.ReplicaClient
	switch u.Scheme {
	case "file":
		if u.Host != "" || !strings.HasPrefix(u.Path, "/") {
			return Target{}, data.Errorf(data.EINVALID, "replica %q: a file replica needs an absolute folder, as in file:///var/backups/kaigi", raw)
		}
		client = file.NewReplicaClient(u.Path)
	case "s3":
		client, err = litestream.NewReplicaClientFromURL(raw)
	case "sftp":
		client, err = litestream.NewReplicaClientFromURL(raw)
		if err == nil {
			c := client.(*sftp.ReplicaClient)
			c.KeyPath, c.HostKey = sf.KeyPath, sf.HostKey
		}
	default:
		return Target{}, data.Errorf(data.EINVALID,
			"replica %q: kaigi replicates to file://, s3:// or sftp:// URLs, not %s://", Redact(raw), u.Scheme)
	}
	if err != nil {
		return Target{}, data.Errorf(data.EINVALID, "replica %q: %v", Redact(raw), err)
	}
	return Target{raw: raw, client: client}, nil
}

// String is the URL without a password, fit for logs and pages.
func (t Target) String() string { return Redact(t.raw) }

// Redact removes the password of a URL's user part; the rest stays readable.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// init connects the client once; later Inits are no-ops. The AWS SDK
// refuses to start when AWS_CA_BUNDLE is set together with the HTTP client
// Litestream builds, so the variable is hidden from the S3 client for the
// moment it loads its configuration; Go's own roots (SSL_CERT_FILE,
// SSL_CERT_DIR, the system store) decide which servers it trusts.
func (t Target) init(ctx context.Context, log *slog.Logger) error {
	t.client.SetLogger(log)
	if bundle, ok := os.LookupEnv("AWS_CA_BUNDLE"); ok && t.client.Type() == s3.ReplicaClientType {
		log.Warn("AWS_CA_BUNDLE is not used by the replica's S3 client; add the CA to SSL_CERT_FILE or the system store instead",
			"AWS_CA_BUNDLE", bundle)
		os.Unsetenv("AWS_CA_BUNDLE")
		defer os.Setenv("AWS_CA_BUNDLE", bundle)
	}
	if err := t.client.Init(ctx); err != nil {
		return fmt.Errorf("connect to the replica %s: %w", t, err)
	}
	return nil
}
