package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/externalcontact"
)

func (c *cli) customersExport(args []string) error {
	fs := c.newFlagSet("customers export [flags]", `Streams every (customer, member) pair: the customers of every member with 客户联系
(or of --members), one JSON object or CSV row per pair, to stdout or --out.
With --checkpoint, progress is saved as it goes; run the same command again
after a crash or an error to resume with nothing lost or repeated.
A progress bar is drawn on stderr when it is a terminal, plain lines otherwise.`)
	format := fs.String("format", "jsonl", "output format: jsonl or csv")
	out := fs.String("out", "", "write to `FILE` instead of stdout")
	cpPath := fs.String("checkpoint", "", "save progress to `FILE` and resume from it (needs --out)")
	conc := fs.Int("concurrency", externalcontact.DefaultExportConcurrency, "pages fetched at once")
	pageSize := fs.Int("page-size", 100, "customers per page, 1 to 100")
	members := fs.String("members", "", "comma-separated `userids` (default: every member with 客户联系)")
	dedupe := fs.Bool("dedupe", false, "each customer once, even when several members follow them")
	mode := fs.String("progress", "auto", "progress on stderr: auto, bar, plain or none")
	if err := fs.parse(args); err != nil {
		return err
	}
	if _, err := fs.nargs(0, 0); err != nil {
		return err
	}
	switch *format {
	case "jsonl", "csv":
	default:
		return usagef("customers export: --format must be jsonl or csv, not %q", *format)
	}
	if *pageSize < 1 || *pageSize > 100 {
		return usagef("customers export: --page-size must be 1 to 100")
	}
	if *conc < 1 || *conc > externalcontact.MaxExportConcurrency {
		return usagef("customers export: --concurrency must be 1 to %d", externalcontact.MaxExportConcurrency)
	}
	switch *mode {
	case "auto":
		*mode = progressPlain
		if c.stderrTTY {
			*mode = progressBar
		}
	case progressBar, progressPlain, progressNone:
	default:
		return usagef("customers export: --progress must be auto, bar, plain or none, not %q", *mode)
	}
	if *cpPath != "" && *out == "" {
		return usagef("customers export: --checkpoint needs --out (stdout cannot be rewound to the checkpoint)")
	}
	app, err := c.client()
	if err != nil {
		return err
	}

	req := &externalcontact.ExportRequest{Concurrency: *conc, PageSize: *pageSize, UserIDs: splitList(*members), Dedupe: *dedupe}
	var saved *savedExport
	if *cpPath != "" {
		if saved, err = loadCheckpoint(*cpPath); err != nil {
			return err
		}
		if saved != nil {
			if saved.Format != *format {
				return fmt.Errorf("checkpoint %s is for --format %s", *cpPath, saved.Format)
			}
			req.Resume, req.UserIDs = &saved.Checkpoint, nil
		}
	}

	var offset int64
	if saved != nil {
		offset = saved.Offset
	}
	w, closeOut, err := openOutput(c.stdout, *out, offset)
	if err != nil {
		return err
	}
	enc := newEncoder(*format, w, offset == 0)
	prog := newProgress(c.stderr, *mode, c.width)
	var last externalcontact.ExportProgress
	req.Progress = func(p externalcontact.ExportProgress) {
		last = p
		prog.update(p)
	}
	var ck *checkpointWriter
	if *cpPath != "" {
		ck = &checkpointWriter{path: *cpPath, format: *format}
		req.Checkpoint = func(cp *externalcontact.ExportCheckpoint) error {
			if err := enc.flush(); err != nil {
				return err
			}
			return ck.record(cp, w.n)
		}
	}
	err = app.ExternalContact().ExportCustomers(c.ctx, req, enc.write)
	if ferr := enc.flush(); err == nil {
		err = ferr
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	prog.finish(last, err)
	if ck != nil {
		if err != nil {
			if werr := ck.flush(); werr != nil {
				return errors.Join(err, werr)
			}
			return fmt.Errorf("%w (progress saved in %s: run the same command to resume)", err, *cpPath)
		}
		if rerr := os.Remove(*cpPath); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			return rerr
		}
	}
	return err
}

// countingWriter counts the bytes written through it, so that a
// checkpoint records how much output it covers.
type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (cw *countingWriter) Write(p []byte) (int, error) {
	n, err := cw.w.Write(p)
	cw.n += int64(n)
	return n, err
}

// openOutput opens stdout or path; a resumed export truncates path to
// offset, dropping output written after its checkpoint, and appends.
func openOutput(stdout io.Writer, path string, offset int64) (*countingWriter, func() error, error) {
	if path == "" {
		bw := bufio.NewWriterSize(stdout, 64<<10)
		return &countingWriter{w: bw}, bw.Flush, nil
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if offset > 0 {
		flags = os.O_WRONLY
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return nil, nil, err
	}
	if offset > 0 {
		st, err := f.Stat()
		if err == nil && st.Size() < offset {
			err = fmt.Errorf("%s is shorter than its checkpoint says (%d < %d bytes)", path, st.Size(), offset)
		}
		if err == nil {
			err = f.Truncate(offset)
		}
		if err == nil {
			_, err = f.Seek(offset, io.SeekStart)
		}
		if err != nil {
			f.Close()
			return nil, nil, err
		}
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	return &countingWriter{w: bw, n: offset}, func() error {
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}, nil
}

// encoder writes pairs as JSON lines or CSV rows.
type encoder struct {
	w   *countingWriter
	csv *csv.Writer
	je  *json.Encoder
}

var csvHeader = []string{"external_userid", "name", "type", "gender", "corp_name", "corp_full_name", "unionid",
	"userid", "remark", "description", "createtime", "add_way", "oper_userid", "state", "tag_ids",
	"remark_corp_name", "remark_mobiles"}

func newEncoder(format string, w *countingWriter, header bool) *encoder {
	e := &encoder{w: w}
	if format == "csv" {
		e.csv = csv.NewWriter(w)
		if header {
			_ = e.csv.Write(csvHeader) // an error stays in the csv.Writer, reported by flush
		}
		return e
	}
	e.je = json.NewEncoder(w)
	e.je.SetEscapeHTML(false)
	return e
}

func (e *encoder) write(bc externalcontact.BatchContact) error {
	if e.csv == nil {
		return e.je.Encode(bc)
	}
	x, f := bc.ExternalContact, bc.FollowInfo
	return e.csv.Write([]string{x.ExternalUserID, x.Name, strconv.Itoa(int(x.Type)), strconv.Itoa(int(x.Gender)),
		x.CorpName, x.CorpFullName, x.UnionID, f.UserID, f.Remark, f.Description,
		strconv.FormatInt(f.CreateTime, 10), strconv.Itoa(int(f.AddWay)), f.OperUserID, f.State,
		strings.Join(f.TagIDs, ";"), f.RemarkCorpName, strings.Join(f.RemarkMobiles, ";")})
}

// flush pushes what was written to the file, so that the byte count is
// what the file holds.
func (e *encoder) flush() error {
	if e.csv != nil {
		e.csv.Flush()
		if err := e.csv.Error(); err != nil {
			return err
		}
	}
	return e.w.w.Flush()
}

// savedExport is a checkpoint file: the export's checkpoint, and how many
// bytes of output it covers.
type savedExport struct {
	Format     string                           `json:"format"`
	Offset     int64                            `json:"offset"`
	Checkpoint externalcontact.ExportCheckpoint `json:"checkpoint"`
}

// loadCheckpoint reads a checkpoint file; nil when there is none.
func loadCheckpoint(path string) (*savedExport, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s savedExport
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return &s, nil
}

// checkpointWriter writes the checkpoint file at most every
// checkpointEvery (and on flush), atomically: a crash leaves the previous
// checkpoint or the new one, each consistent with the output it counts.
type checkpointWriter struct {
	path, format string
	pending      []byte
	last         time.Time
}

const checkpointEvery = 500 * time.Millisecond

func (w *checkpointWriter) record(cp *externalcontact.ExportCheckpoint, offset int64) error {
	b, err := json.Marshal(savedExport{Format: w.format, Offset: offset, Checkpoint: *cp})
	if err != nil {
		return err
	}
	w.pending = b
	if time.Since(w.last) < checkpointEvery {
		return nil
	}
	return w.flush()
}

func (w *checkpointWriter) flush() error {
	if w.pending == nil {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(w.path), filepath.Base(w.path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(w.pending)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), w.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	w.pending, w.last = nil, time.Now()
	return nil
}

func (c *cli) customersGet(args []string) error {
	return c.withID(args, "customers get [flags] EXTERNAL_USERID",
		"Prints a customer (external_contact) with every member who added them (follow_user), as JSON.",
		func(app *work.App, id string) error {
			contact, err := app.ExternalContact().Get(c.ctx, id)
			if err != nil {
				return err
			}
			return printJSON(c.stdout, contact)
		})
}
