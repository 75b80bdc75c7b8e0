package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"daihoi/internal/auth"
	"daihoi/internal/demo"
	"daihoi/internal/server"
	"daihoi/internal/store"
)

func init() {
	register(command{name: "serve", order: 10, summary: "chạy máy chủ web (mặc định)", run: runServe})
}

func runServe(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("serve", "serve [--addr :8080] [--db FILE] [--no-demo]", stdio)
	path := dbFlag(fs, stdio)
	defAddr := stdio.getenv("DAIHOI_ADDR")
	if defAddr == "" {
		defAddr = ":8080"
	}
	addr := fs.String("addr", defAddr, "địa chỉ lắng nghe (biến môi trường DAIHOI_ADDR)")
	noDemo := fs.Bool("no-demo", false, "không nạp dữ liệu mẫu vào cơ sở dữ liệu trống")
	proxies := fs.String("trusted-proxies", stdio.getenv("DAIHOI_TRUSTED_PROXIES"), "các proxy tin cậy, cách nhau bằng dấu phẩy (DAIHOI_TRUSTED_PROXIES)")
	secure := fs.Bool("secure-cookies", stdio.getenv("DAIHOI_SECURE_COOKIES") == "1", "cookie chỉ gửi qua HTTPS (khi chạy sau TLS)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	logger := slog.New(slog.NewTextHandler(stdio.Err, &slog.HandlerOptions{Level: slog.LevelInfo}))
	start := time.Now()
	s, d, err := openStore(ctx, *path)
	if err == nil && d.ReadOnly {
		d.Close()
		err = errReadOnly(d.Path)
	}
	if err != nil {
		// Every use of the server writes (a login is a session row): on a read-only database it
		// could only fail request by request, so it does not start.
		if errors.Is(err, errNotWritable) {
			fmt.Fprintf(stdio.Err, "daihoi serve: %v. Máy chủ cần ghi vào cơ sở dữ liệu (phiên đăng nhập, phiếu bầu, nhật ký) nên không khởi động.\n", err)
			return 1
		}
		fmt.Fprintln(stdio.Err, "daihoi serve:", err)
		return 1
	}
	defer d.Close()
	notice := ""
	if !*noDemo {
		seeded, err := seedIfEmpty(ctx, s, stdio)
		if err != nil {
			fmt.Fprintln(stdio.Err, "daihoi serve: nạp dữ liệu mẫu:", err)
			return 1
		}
		if seeded || demoUsersPresent(ctx, s) {
			notice = "Tài khoản mẫu: admin, bantochuc, thuky, kiemtra — mật khẩu mẫu xem ở cửa sổ lệnh khi máy chủ khởi động lần đầu."
			if demoPassword(stdio) == demo.DefaultPassword {
				notice = "Tài khoản mẫu: admin, bantochuc, thuky, kiemtra — mật khẩu " + demo.DefaultPassword + " (hãy đổi trước khi dùng thật)."
			}
		}
	}
	var trusted []string
	for _, p := range strings.Split(*proxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			trusted = append(trusted, p)
		}
	}
	srv, err := server.New(server.Config{Store: s, Auth: auth.NewService(s), Logger: logger,
		TrustedProxies: trusted, SecureCookies: *secure, DemoNotice: notice})
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi serve:", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi serve:", err)
		return 1
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(stdio.Out, "daihoi đang chạy tại http://%s (cơ sở dữ liệu %s; sẵn sàng sau %d ms)\n",
		displayAddr(ln.Addr()), d.Path, time.Since(start).Milliseconds())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(stdio.Err, "daihoi serve:", err)
			return 1
		}
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(shut); err != nil {
			fmt.Fprintln(stdio.Err, "daihoi serve: dừng:", err)
			return 1
		}
	}
	return 0
}

// demoUsersPresent tells whether the demo logins exist, so the login page may mention them.
func demoUsersPresent(ctx context.Context, s *store.Store) bool {
	_, _, err := s.FindUserByUsername(ctx, "thuky")
	return err == nil
}

// displayAddr turns ":8080" into "localhost:8080" for the printed link.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if host == "::" || host == "0.0.0.0" || host == "" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
