// Package lotest converts workbooks with LibreOffice in tests, to prove that a report opens cleanly
// outside excelize and to look at its pages. It is imported only from _test.go files.
//
// LibreOffice is needed: the tests that use this package skip without it on a developer's machine,
// and fail without it when CI=true, where .ci/run installs it.
package lotest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Timeout bounds one conversion: a fresh LibreOffice profile takes a few seconds to create.
const Timeout = 120 * time.Second

// Soffice returns the path of LibreOffice's soffice. Without it, the test is skipped, or failed
// when CI=true.
func Soffice(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("lotest: soffice is not installed (apt-get install libreoffice-calc-nogui)")
		}
		t.Skip("lotest: soffice is not installed")
	}
	return path
}

// ConvertToPDF converts the workbook at xlsx to PDF with LibreOffice headless and returns the PDF's
// path, in a temporary folder of the test. Each call runs LibreOffice with its own profile folder,
// so that tests converting in parallel do not wait on each other's lock. A conversion that fails,
// times out or writes no PDF fails the test.
func ConvertToPDF(t testing.TB, xlsx string) string {
	t.Helper()
	soffice := Soffice(t)
	src, err := filepath.Abs(xlsx)
	if err != nil {
		t.Fatalf("lotest: %v", err)
	}
	out := t.TempDir()
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--headless", "--norestore", "--nolockcheck",
		"--convert-to", "pdf", "--outdir", out, src)
	cmd.Env = append(os.Environ(), "HOME="+profile) // LibreOffice also writes under $HOME
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("lotest: soffice took longer than %v converting %s:\n%s", Timeout, xlsx, output.String())
		}
		t.Fatalf("lotest: soffice converting %s: %v\n%s", xlsx, err, output.String())
	}
	pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+".pdf")
	info, err := os.Stat(pdf)
	if err != nil || info.Size() == 0 {
		t.Fatalf("lotest: soffice wrote no PDF for %s:\n%s", xlsx, output.String())
	}
	return pdf
}

// PDFText returns the text of a PDF as pdftotext (poppler-utils) lays it out, and false when
// pdftotext is not installed: the text is an extra check, LibreOffice's conversion is the test.
func PDFText(t testing.TB, pdf string) (string, bool) {
	t.Helper()
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", false
	}
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "-layout", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("lotest: pdftotext %s: %v", pdf, err)
	}
	return string(out), true
}

// pageObject matches a page object of a PDF ("/Type /Page", not the "/Type /Pages" tree).
var pageObject = regexp.MustCompile(`/Type\s*/Page[^s]`)

// PageCount returns the number of pages of a PDF written by LibreOffice, which keeps its page
// objects uncompressed.
func PageCount(t testing.TB, pdf string) int {
	t.Helper()
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatalf("lotest: %v", err)
	}
	return len(pageObject.FindAll(data, -1))
}
