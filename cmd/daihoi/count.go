package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"daihoi/internal/congress"
	"daihoi/internal/election"
)

func init() {
	register(command{
		name:    "count",
		order:   50,
		summary: "tính kết quả một vòng bầu cử (JSON vào, JSON ra; không lưu gì)",
		run:     runCount,
	})
}

const countUsage = `Cách dùng: daihoi count [TỆP]

Đọc một vòng bầu cử dạng JSON từ TỆP (hoặc từ đầu vào chuẩn khi không có TỆP hay TỆP là "-"),
tính căn cứ, ngưỡng trúng cử (quá một nửa), người trúng cử, bầu lại khi bằng phiếu ở chỗ cuối và
số chỗ còn thiếu, rồi in kết quả JSON ra đầu ra chuẩn (DOMAIN.md, "The count contract").

Mã thoát: 0 có kết quả; 2 dữ liệu sai hoặc không nhất quán — in {"error": {"code": "invalid_count",
"message": ..., "fields": {...}}} ra đầu ra chuẩn — hoặc sai cách dùng; 1 lỗi hệ thống.

Ví dụ:
  echo '{"congress_kind": "members", "seats": 1, "base": {"convened": 11, "absent_with_reason": 1},
        "present": 10, "ballots": {"issued": 10, "collected": 10, "valid": 10, "invalid": 0},
        "candidates": [{"name": "Nguyễn Văn Hùng", "votes": 6}]}' | daihoi count
`

// runCount is `daihoi count [FILE]`: the calculator of the count contract, on files or pipes.
func runCount(_ context.Context, args []string, stdio Stdio) int {
	var file string
	for _, a := range args {
		switch {
		case a == "-h" || a == "-help" || a == "--help":
			fmt.Fprint(stdio.Out, countUsage)
			return 0
		case len(a) > 1 && a[0] == '-':
			fmt.Fprintf(stdio.Err, "daihoi count: không có tùy chọn %s\n\n%s", a, countUsage)
			return 2
		case file != "":
			fmt.Fprintf(stdio.Err, "daihoi count: chỉ nhận một tệp\n\n%s", countUsage)
			return 2
		default:
			file = a
		}
	}

	in := stdio.In
	if file != "" && file != "-" {
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintf(stdio.Err, "daihoi count: không mở được tệp %s: %v\n", file, err)
			return 2
		}
		defer f.Close()
		in = f
	}
	if in == nil {
		in = countEOF{}
	}

	req, err := election.DecodeRequest(in)
	var res election.Result
	if err == nil {
		res, err = election.Count(req)
	}
	if err != nil {
		return writeCountError(stdio, err)
	}
	if err := writeCountJSON(stdio.Out, res); err != nil {
		fmt.Fprintf(stdio.Err, "daihoi count: %v\n", err)
		return 1
	}
	return 0
}

// countError is the error object of the count contract.
type countError struct {
	Error countErrorBody `json:"error"`
}

type countErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// writeCountError prints the contract's error object and returns the exit code: 2 for what the
// user sent, 1 for a fault of ours (which the engine never returns, but a reader might).
func writeCountError(stdio Stdio, err error) int {
	code := congress.ErrorCode(err)
	fields := congress.ErrorFields(err)
	if fields == nil {
		fields = map[string]string{}
	}
	body := countError{countErrorBody{Code: code, Message: congress.ErrorMessage(err), Fields: fields}}
	if werr := writeCountJSON(stdio.Out, body); werr != nil {
		fmt.Fprintf(stdio.Err, "daihoi count: %v\n", werr)
		return 1
	}
	if code == congress.EINTERNAL {
		fmt.Fprintf(stdio.Err, "daihoi count: %v\n", err)
		return 1
	}
	return 2
}

// writeCountJSON prints v indented with one space, as the contract's examples are, and a newline.
func writeCountJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// countEOF stands in for a missing standard input.
type countEOF struct{}

func (countEOF) Read([]byte) (int, error) { return 0, io.EOF }
