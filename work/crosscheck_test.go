package work_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/acquisition"
	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/groupwelcome"
	"github.com/wecomkit/wecom/work/intercept"
	"github.com/wecomkit/wecom/work/media"
	"github.com/wecomkit/wecom/work/message"
	"github.com/wecomkit/wecom/work/moment"
	"github.com/wecomkit/wecom/work/product"
	"github.com/wecomkit/wecom/work/provider"
	"github.com/wecomkit/wecom/work/school"
	"github.com/wecomkit/wecom/work/statistics"
	"github.com/wecomkit/wecom/work/strategy"
	"github.com/wecomkit/wecom/work/worktest"
)

// simulatedServices are the SDK's service packages, each by its declared
// endpoints. A new service package is one line here.
var simulatedServices = []struct {
	name      string
	endpoints func() []core.Endpoint
}{
	{"externalcontact", externalcontact.Endpoints},
	{"statistics", statistics.Endpoints},
	{"moment", moment.Endpoints},
	{"contactway", contactway.Endpoints},
	{"provider", provider.Endpoints},
	{"message", message.Endpoints},
	{"groupwelcome", groupwelcome.Endpoints},
	{"media", media.Endpoints},
	{"strategy", strategy.Endpoints},
	{"product", product.Endpoints},
	{"intercept", intercept.Endpoints},
	{"acquisition", acquisition.Endpoints},
	{"school", school.Endpoints},
}

// notSimulated are the SDK endpoints the simulator does not serve (yet),
// with the reason.
var notSimulated = map[string]string{}

// lockExceptions are the endpoints whose class and lock differ on purpose,
// with the reason.
var lockExceptions = map[string]string{
	"service/get_pre_auth_code": "a read for the SDK (sending it again only issues another code, as valid as the first), " +
		"but the simulator records every code it issues (set_session_info and the install flow look it up), so it writes",
}

// TestSimulatorLocksLikeTheSDKRetries compares one thing only, the retry
// class: for every SDK endpoint the simulator serves, a write (core.Write
// or core.SendOnce, never re-sent once it may have reached WeCom) must run
// under the simulator's write lock, and a read (core.Read, core.ReadPost,
// re-sent freely) must not. Methods and paths are checked against the
// pinned catalogue by the SDK's wire tests and the simulator's own tests,
// each on its own; an SDK endpoint the simulator does not serve must be in
// notSimulated.
func TestSimulatorLocksLikeTheSDKRetries(t *testing.T) {
	routes := map[string]worktest.RouteInfo{}
	for _, r := range worktest.Routes() {
		routes[r.Path] = r
	}
	checked, missing, excepted := 0, map[string]bool{}, map[string]bool{}
	for _, svc := range simulatedServices {
		for _, ep := range svc.endpoints() {
			r, ok := routes[ep.Path]
			if !ok {
				missing[ep.Path] = true
				assert.Contains(t, notSimulated, ep.Path, "%s: %s is not simulated; serve it or list it in notSimulated", svc.name, ep.Path)
				continue
			}
			checked++
			write := ep.Class == core.ClassWrite || ep.Class == core.ClassSendOnce
			if _, ok := lockExceptions[ep.Path]; ok {
				excepted[ep.Path] = true
				assert.NotEqual(t, write, r.Write, "lockExceptions[%q]: class and lock agree now; remove it", ep.Path)
				continue
			}
			assert.Equal(t, write, r.Write, "%s: %s is %s in the SDK; the simulator's route has write=%v",
				svc.name, ep.Path, ep.Class, r.Write)
		}
	}
	assert.Greater(t, checked, 0)
	for p := range lockExceptions {
		assert.True(t, excepted[p], "lockExceptions[%q] names no simulated SDK endpoint; remove it", p)
	}
	for p := range notSimulated {
		assert.True(t, missing[p], "notSimulated[%q]: no SDK endpoint of that path is missing from the simulator; remove it", p)
	}
}

// sends are the endpoints that reach people: a mass message, a welcome
// message, a moment, a reminder, a school notice. A duplicate of one is
// worse than an error, so each must be core.SendOnce (never repeated, not
// even on errcode -1) and no other endpoint is. The list is stated here,
// apart from the SDK's declarations, so that a send declared as a plain
// write fails a test: the wire tables take the class from the declaration
// and the simulator's lock cannot tell a send from a write.
var sends = map[string]bool{
	"externalcontact/add_msg_template":     true, // 群发: up to 10,000 customers
	"externalcontact/send_welcome_msg":     true, // 欢迎语
	"externalcontact/remind_groupmsg_send": true, // a reminder to every sender
	"externalcontact/add_moment_task":      true, // 朋友圈
	"externalcontact/message/send":         true, // 家校 notice to parents and students
}

func TestSendsNeverRepeat(t *testing.T) {
	found := map[string]bool{}
	for _, svc := range simulatedServices {
		for _, ep := range svc.endpoints() {
			if sends[ep.Path] {
				found[ep.Path] = true
				assert.Equal(t, core.ClassSendOnce, ep.Class, "%s: %s reaches people: declare it core.SendOnce", svc.name, ep.Path)
				continue
			}
			assert.NotEqual(t, core.ClassSendOnce, ep.Class, "%s: %s is SendOnce but not listed in sends", svc.name, ep.Path)
		}
	}
	for p := range sends {
		assert.True(t, found[p], "%s is listed in sends but no service declares it", p)
	}
}
