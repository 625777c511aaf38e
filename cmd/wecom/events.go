package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/wecomkit/wecom/work/callback"
)

func (c *cli) eventsServe(args []string) error {
	fs := c.newFlagSet("events serve [flags]", `Serves a WeCom callback URL (接收消息服务器): answers the URL verification and
prints every decrypted event as one JSON line on stdout, the XML's elements as
keys (ToUserName, Event, ChangeType, UserID, ExternalUserID, ...). Stops on
Ctrl-C. The token and the key are never printed.`)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	token := fs.String("token", "", "the callback Token (env WECOM_CALLBACK_TOKEN)")
	aesKey := fs.String("aes-key", "", "the 43-character EncodingAESKey (env WECOM_CALLBACK_AES_KEY)")
	receivers := fs.String("receiver-id", "", "comma-separated receiver `ids` (default: the corp id)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if _, err := fs.nargs(0, 0); err != nil {
		return err
	}
	pick := func(v, env string) string {
		if v != "" {
			return v
		}
		return strings.TrimSpace(c.getenv(env))
	}
	ids := splitList(*receivers)
	if len(ids) == 0 {
		if corp := pick(c.g.corpID, "WECOM_CORP_ID"); corp != "" {
			ids = []string{corp}
		}
	}
	cfg := callback.Config{Token: pick(*token, "WECOM_CALLBACK_TOKEN"), EncodingAESKey: pick(*aesKey, "WECOM_CALLBACK_AES_KEY"), ReceiverIDs: ids}
	switch {
	case cfg.Token == "":
		return usagef("events serve: no token: set --token or WECOM_CALLBACK_TOKEN")
	case cfg.EncodingAESKey == "":
		return usagef("events serve: no key: set --aes-key or WECOM_CALLBACK_AES_KEY")
	case len(ids) == 0:
		return usagef("events serve: no receiver id: set --receiver-id, --corp-id or WECOM_CORP_ID")
	}
	h, err := callback.New(cfg)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	h.OnEvent(func(_ context.Context, e *callback.RawEvent) error {
		line, err := xmlToJSON(e.XML)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		_, err = c.stdout.Write(append(line, '\n'))
		return err
	})
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "wecom: receiving events at http://%s/ (Ctrl-C to stop)\n", l.Addr())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-c.ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// xmlToJSON turns a callback's <xml> into a JSON object, in document
// order: an element holding text becomes a string, one holding elements an
// object, and a repeated element an array.
func xmlToJSON(b []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("event XML: %w", err)
		}
		if _, ok := tok.(xml.StartElement); ok {
			v, err := xmlValue(dec)
			if err != nil {
				return nil, fmt.Errorf("event XML: %w", err)
			}
			if _, ok := v.(*ordered); !ok {
				v = &ordered{} // <xml>text</xml>: nothing to show
			}
			return json.Marshal(v)
		}
	}
}

// ordered is a JSON object that keeps its keys in order.
type ordered struct {
	keys []string
	vals map[string]any
}

func (o *ordered) add(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	old, ok := o.vals[k]
	switch {
	case !ok:
		o.keys = append(o.keys, k)
		o.vals[k] = v
	default:
		if arr, isArr := old.([]any); isArr {
			o.vals[k] = append(arr, v)
		} else {
			o.vals[k] = []any{old, v}
		}
	}
}

func (o *ordered) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k) // a string always encodes
		buf.Write(kb)
		buf.WriteByte(':')
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// xmlValue reads the content of the element just opened, up to its end.
func xmlValue(dec *xml.Decoder) (any, error) {
	var text strings.Builder
	var obj *ordered
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.StartElement:
			v, err := xmlValue(dec)
			if err != nil {
				return nil, err
			}
			if obj == nil {
				obj = &ordered{}
			}
			obj.add(t.Name.Local, v)
		case xml.EndElement:
			if obj != nil {
				return obj, nil
			}
			return strings.TrimSpace(text.String()), nil
		}
	}
}
