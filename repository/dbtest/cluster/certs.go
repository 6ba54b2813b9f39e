package cluster

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// writeCerts makes a CA, a server certificate it signs for DNS:localhost only (so a
// verify-full connection to 127.0.0.1 fails on the name), and an unrelated impostor CA.
func (c *Cluster) writeCerts() error {
	caKey, caCert, err := newCA("cluster test CA")
	if err != nil {
		return err
	}

	_, impostor, err := newCA("impostor CA")
	if err != nil {
		return err
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}

	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(3),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}

	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		return err
	}

	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}

	c.CAFile = filepath.Join(c.Dir, "ca.crt")
	c.ImpostorCAFile = filepath.Join(c.Dir, "impostor.crt")
	files := []struct {
		path  string
		block *pem.Block
	}{
		{c.CAFile, &pem.Block{Type: "CERTIFICATE", Bytes: caCert.Raw}},
		{c.ImpostorCAFile, &pem.Block{Type: "CERTIFICATE", Bytes: impostor.Raw}},
		{filepath.Join(c.DataDir, "server.crt"),
			&pem.Block{Type: "CERTIFICATE", Bytes: der}},
		{filepath.Join(c.DataDir, "server.key"),
			&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, pem.EncodeToMemory(f.block), 0o600); err != nil {
			return err
		}

		if err := c.chown(f.path); err != nil {
			return err
		}
	}

	return nil
}

func newCA(name string) (*ecdsa.PrivateKey, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}

	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}

	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}

	cert, err := x509.ParseCertificate(der)

	return key, cert, err
}
