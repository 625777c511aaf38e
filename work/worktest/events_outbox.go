package worktest

import (
	"context"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Emitting callback events. A handler, a scheduled task or a back door
// that changes what WeCom reports by callback (a chat created, a tag
// deleted, a mass message sent, a transfer refused) emits the event:
//
//	c.emit(newEvent(c.now, "change_external_tag", "delete", text("Id", id), text("TagType", "tag")))
//	st.emit(newEvent(at, "change_external_contact", "transfer_fail", text("FailReason", "customer_refused"), …))
//
// The event waits in an outbox and is delivered once the store's lock is
// released: after the handler (and before its answer is written), after
// the back door, after the scheduled work that a request, a back door, a
// Snapshot or a move of the clock ran. Whoever ran the code that emitted
// delivers, so a test that makes a call, moves the clock or uses a back
// door sees the events when that returns, and the receiver may call the
// simulator while it handles one. Every emitted event is recorded in the
// event log (Server.Events), delivered or not.

// event is a callback event waiting for delivery: the header (ToUserName,
// FromUserName, CreateTime, MsgType event) comes from the simulator, then
// Event, ChangeType (when set) and the fields in their order.
type event struct {
	at     time.Time
	name   string // Event: change_external_contact, change_external_chat, …
	change string // ChangeType; "" when the event has none (or puts it among the fields)
	fields []eventField
}

// eventField is one element of an event after ChangeType.
type eventField struct {
	name  string
	value string
	items []string // an <Item> list (MemChangeList)
	kind  fieldKind
}

type fieldKind uint8

const (
	fieldText   fieldKind = iota // <Name><![CDATA[value]]></Name>
	fieldNumber                  // <Name>123</Name>
	fieldItems                   // <Name><Item>a</Item><Item>b</Item></Name>
)

// newEvent makes an event of the given Event and ChangeType at the
// simulator time at (its CreateTime).
func newEvent(at time.Time, name, changeType string, fields ...eventField) event {
	return event{at: at, name: name, change: changeType, fields: fields}
}

// text is a text (CDATA) field of an event.
func text(name, value string) eventField { return eventField{name: name, value: value} }

// number is a numeric field of an event.
func number(name string, v int64) eventField {
	return eventField{name: name, value: strconv.FormatInt(v, 10), kind: fieldNumber}
}

// items is a list field of an event (<MemChangeList><Item>…</Item></MemChangeList>).
func items(name string, vs ...string) eventField {
	return eventField{name: name, items: vs, kind: fieldItems}
}

// xml renders the event the way WeCom writes a self-built app's event.
func (ev event) xml(corpID string) []byte {
	var b strings.Builder
	b.WriteString("<xml>")
	writeCDATA(&b, "ToUserName", corpID)
	writeCDATA(&b, "FromUserName", "sys")
	b.WriteString("<CreateTime>" + strconv.FormatInt(ev.at.Unix(), 10) + "</CreateTime>")
	writeCDATA(&b, "MsgType", "event")
	writeCDATA(&b, "Event", ev.name)
	if ev.change != "" {
		writeCDATA(&b, "ChangeType", ev.change)
	}
	for _, f := range ev.fields {
		switch f.kind {
		case fieldNumber:
			b.WriteString("<" + f.name + ">" + f.value + "</" + f.name + ">")
		case fieldItems:
			b.WriteString("<" + f.name + ">")
			for _, it := range f.items {
				b.WriteString("<Item>")
				_ = xml.EscapeText(&stringWriter{&b}, []byte(it)) // a strings.Builder does not fail
				b.WriteString("</Item>")
			}
			b.WriteString("</" + f.name + ">")
		default:
			writeCDATA(&b, f.name, f.value)
		}
	}
	b.WriteString("</xml>")
	return []byte(b.String())
}

type stringWriter struct{ b *strings.Builder }

func (w *stringWriter) Write(p []byte) (int, error) { return w.b.Write(p) }

// emit queues ev for delivery once the write lock is released. The caller
// holds the write lock: a scheduled task, a back door, a write handler.
// A handler may use c.emit instead, which also works under the read lock.
func (st *store) emit(ev event) { st.outbox = append(st.outbox, ev) }

// takeOutbox returns the queued events and empties the queue; the write
// lock is held.
func (st *store) takeOutbox() []event {
	out := st.outbox
	st.outbox = nil
	return out
}

// emit queues ev for delivery after the handler, before its answer is
// written; under the write lock it goes to the store's outbox, so the
// events of c.emit and st.emit keep their order.
func (c *call) emit(ev event) {
	if c.write {
		c.st.emit(ev)
		return
	}
	c.events = append(c.events, ev)
}

// Event is one callback event the simulator emitted, as the event log
// (Server.Events) keeps it.
type Event struct {
	// Time is the event's CreateTime, on the simulator clock.
	Time time.Time
	// Event and ChangeType name it, e.g. "change_external_contact" and
	// "add_external_contact"; ChangeType is "" for an event without one.
	Event, ChangeType string
	// XML is the plaintext message, before encryption.
	XML string
	// Delivered reports whether the callback accepted it.
	Delivered bool
	// Err is why it was not delivered: ErrNoCallback when no callback is
	// configured, a *DeliveryError when the callback refused it, the
	// context's error when the server closed first.
	Err error
}

// maxEventLog bounds the event log; beyond it the oldest entries go.
const maxEventLog = 1000

// eventLog keeps the last maxEventLog events, oldest first.
type eventLog struct {
	mu   sync.Mutex
	list []Event
}

func (l *eventLog) add(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.list) == maxEventLog {
		copy(l.list, l.list[1:])
		l.list = l.list[:maxEventLog-1]
	}
	l.list = append(l.list, e)
}

// Events is the back door of the callback events: the log of what the
// simulator emitted (API calls, scheduled work, customer actions,
// DeliverEvent), delivered or not. Get it from Server.Events.
type Events struct{ backDoor }

// Events returns the back door of the callback events.
func (s *Server) Events() Events { return Events{backDoor{s}} }

// List returns the events emitted since the start or the last Reset,
// oldest first (at most the last 1000).
func (b Events) List() []Event {
	l := &b.s.evlog
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Event(nil), l.list...)
}

// Reset empties the event log.
func (b Events) Reset() {
	l := &b.s.evlog
	l.mu.Lock()
	l.list = nil
	l.mu.Unlock()
}

// Settle runs the scheduled work due at the clock's now (transfers
// completing, and whatever the groups scheduled) and delivers the events
// it emits. Requests, back doors, Snapshot and moves of the clock do it
// already; call it when the clock moves by itself (a wall clock) and
// nothing else looks at the state, as wecomsim does every second.
func (s *Server) Settle() { s.flush(s.st.settle(s.clock.Now())) }

// flush delivers events in order and records each in the event log; it
// returns the delivery errors, one per event (nil for a delivered one).
// The store's lock must not be held.
func (s *Server) flush(evs []event) []error { return s.flushCtx(s.ctx, evs) }

// flushCtx is flush delivering with ctx.
func (s *Server) flushCtx(ctx context.Context, evs []event) []error {
	if len(evs) == 0 {
		return nil
	}
	errs := make([]error, len(evs))
	for i, ev := range evs {
		errs[i] = s.send(ctx, ev.xml(s.CorpID), ev.name, ev.change, ev.at)
	}
	return errs
}

// send delivers one rendered event when a callback is configured and logs
// it; the error is ErrNoCallback without a callback.
func (s *Server) send(ctx context.Context, msg []byte, name, change string, at time.Time) error {
	t, nonce := s.target()
	err := ErrNoCallback
	if t != nil {
		err = t.deliver(ctx, msg, nonce)
	}
	s.evlog.add(Event{Time: at, Event: name, ChangeType: change, XML: string(msg), Delivered: err == nil, Err: err})
	if err != nil && !errors.Is(err, ErrNoCallback) && s.logger != nil {
		s.logger.Warn("worktest: callback event not delivered", "event", name, "change_type", change, "error", err.Error())
	}
	return err
}

// eventNames reads Event (or a suite event's InfoType) and ChangeType from
// a plaintext event, for the log; "" when absent or unreadable.
func eventNames(msg []byte) (name, change string) {
	var v struct {
		Event      string `xml:"Event"`
		InfoType   string `xml:"InfoType"`
		ChangeType string `xml:"ChangeType"`
	}
	if xml.Unmarshal(msg, &v) != nil {
		return "", ""
	}
	if v.Event == "" {
		v.Event = v.InfoType
	}
	return v.Event, v.ChangeType
}

// eventTime reads an event's CreateTime; def when it has none.
func eventTime(msg []byte, def time.Time) time.Time {
	var v struct {
		CreateTime int64 `xml:"CreateTime"`
	}
	if xml.Unmarshal(msg, &v) != nil || v.CreateTime == 0 {
		return def
	}
	return time.Unix(v.CreateTime, 0).In(def.Location())
}
