package offline

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"time"
)

// Write writes p as a package file. It fills in the manifest's format, version, part hashes and
// content digest (the caller sets CreatedAt, Source, Congress and ClosedRounds); a zero CreatedAt
// takes the current time.
func Write(w io.Writer, p *Package) error {
	parts, err := encodeParts(p)
	if err != nil {
		return err
	}
	m := &p.Manifest
	m.Format, m.Version = FormatName, FormatVersion
	if m.CreatedAt == "" {
		m.CreatedAt = time.Now().UTC().Format(time.RFC3339)
	}
	if m.ClosedRounds == nil {
		m.ClosedRounds = []RoundFingerprint{}
	}
	m.Parts = make([]PartHash, len(Parts))
	for i, name := range Parts {
		sum := sha256.Sum256(parts[name])
		m.Parts[i] = PartHash{Name: name, Size: int64(len(parts[name])), SHA256: hex.EncodeToString(sum[:])}
	}
	m.ContentSHA256 = ContentDigest(m.Parts)
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("offline: manifest: %w", err)
	}
	modified, err := time.Parse(time.RFC3339, m.CreatedAt)
	if err != nil {
		modified = time.Now()
	}
	zw := zip.NewWriter(w)
	put := func(name string, data []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return fmt.Errorf("offline: %s: %w", name, err)
		}
		if _, err := fw.Write(data); err != nil {
			return fmt.Errorf("offline: %s: %w", name, err)
		}
		return nil
	}
	if err := put(PartManifest, append(manifest, '\n')); err != nil {
		return err
	}
	for _, name := range Parts {
		if err := put(name, parts[name]); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("offline: close: %w", err)
	}
	return nil
}

// ContentDigest is the SHA-256 of the lines "NAME\tSHA256\n" of the parts, sorted by name: it names
// the content of a package whatever the time it was exported.
func ContentDigest(parts []PartHash) string {
	list := append([]PartHash(nil), parts...)
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	h := sha256.New()
	for _, p := range list {
		fmt.Fprintf(h, "%s\t%s\n", p.Name, p.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// encodeParts encodes every part but the manifest: objects indented, arrays one record a line so
// that a package can be read and compared with ordinary tools.
func encodeParts(p *Package) (map[string][]byte, error) {
	values := map[string]any{
		PartOrganization: p.Organization, PartCongress: p.Congress, PartPersons: p.Persons,
		PartElections: p.Elections, PartRounds: p.Rounds, PartBallots: p.Ballots, PartDocuments: p.Documents,
		PartCommittee: p.Committee, PartDelegates: p.Delegates, PartResolution: p.Resolution,
		PartTargets: p.Targets, PartReviews: p.Reviews, PartRatings: p.Ratings, PartAudit: p.Audit,
	}
	out := make(map[string][]byte, len(values))
	for name, v := range values {
		b, err := encode(v)
		if err != nil {
			return nil, fmt.Errorf("offline: %s: %w", name, err)
		}
		out[name] = b
	}
	return out, nil
}

// encode writes a slice one element a line, anything else indented; a nil slice is [].
func encode(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		b, err := json.MarshalIndent(v, "", "  ")
		return append(b, '\n'), err
	}
	var buf bytes.Buffer
	buf.WriteString("[")
	for i := 0; i < rv.Len(); i++ {
		if i > 0 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
		b, err := json.Marshal(rv.Index(i).Interface())
		if err != nil {
			return nil, err
		}
		buf.Write(b)
	}
	if rv.Len() > 0 {
		buf.WriteString("\n")
	}
	buf.WriteString("]\n")
	return buf.Bytes(), nil
}
