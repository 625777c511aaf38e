package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work/worktest"
)

// The control endpoints, beside the simulated API: what a test does to the
// simulated corp that no API call does.
//
//	GET  /control/now                       the simulator clock
//	POST /control/advance?by=24h            move the clock forward (the
//	                                        work that becomes due runs and
//	                                        delivers its events)
//	POST /control/set?time=RFC3339|unix     set the clock
//	POST /control/add_contact?userid=…      a customer adds a member (state=,
//	                                        external_userid=, config_id=):
//	                                        the add_external_contact event
//	                                        goes to the callback
//	POST /control/verify_callback           WeCom's URL verification
//
// Answers are JSON; a bad request answers 400 with {"error": "…"}.

// controlHandler serves /control/… and hands everything else to the
// simulator.
func controlHandler(s *worktest.Server) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", s)
	mux.HandleFunc("GET /control/now", func(w http.ResponseWriter, r *http.Request) { writeNow(w, s.Clock()) })
	mux.HandleFunc("POST /control/advance", func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(r.URL.Query().Get("by"))
		if err != nil || d <= 0 {
			controlError(w, http.StatusBadRequest, errors.New("by: want a positive duration such as 90s, 24h"))
			return
		}
		s.Clock().Advance(d)
		writeNow(w, s.Clock())
	})
	mux.HandleFunc("POST /control/set", func(w http.ResponseWriter, r *http.Request) {
		var t time.Time
		if err := (timeValue{&t}).Set(r.URL.Query().Get("time")); err != nil {
			controlError(w, http.StatusBadRequest, errors.New("time: "+err.Error()))
			return
		}
		s.SetNow(t)
		writeNow(w, s.Clock())
	})
	mux.HandleFunc("POST /control/add_contact", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		added, err := s.AddContact(r.Context(), worktest.AddContact{UserID: q.Get("userid"),
			ExternalUserID: q.Get("external_userid"), State: q.Get("state"), ConfigID: q.Get("config_id")})
		if added == nil {
			controlError(w, http.StatusBadRequest, err)
			return
		}
		out := map[string]any{"userid": added.UserID, "external_userid": added.ExternalUserID, "state": added.State,
			"welcome_code": added.WelcomeCode, "createtime": added.CreateTime.Unix(), "delivered": err == nil}
		if err != nil {
			out["delivery_error"] = err.Error() // the contact was added all the same
		}
		writeJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("POST /control/verify_callback", func(w http.ResponseWriter, r *http.Request) {
		if err := s.VerifyCallbackURL(r.Context()); err != nil {
			controlError(w, http.StatusBadGateway, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"verified": true})
	})
	return mux
}

func writeNow(w http.ResponseWriter, c *worktest.Clock) {
	now := c.Now()
	writeJSON(w, http.StatusOK, map[string]any{"now": now.Unix(), "time": now.Format(time.RFC3339)})
}

func controlError(w http.ResponseWriter, status int, err error) {
	msg := strings.TrimPrefix(err.Error(), "worktest: ")
	writeJSON(w, status, map[string]any{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v) // maps of strings, numbers and bools always encode
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n')) // a write error means the client left
}
