package worktest

// The provider mode's back doors: what WeCom and the corps' admins do
// that no API call does (tickets pushed on the clock, installs,
// cancellations, resets), each delivering its instruction callback
// (指令回调) to the suite's URL after the state is unlocked.

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"time"
)

// Ticket returns the suite's current suite_ticket ("" for an unknown
// suite), for a test that gives it to the SDK without a callback.
func (p *ProviderServer) Ticket(suiteID string) string {
	var t string
	p.read(func(ps *providerState, now time.Time) {
		if su := ps.suites[suiteID]; su != nil {
			t = su.ticket(su.ticketNumber(now))
		}
	})
	return t
}

// pending is a delivery to make once the state is unlocked.
type pending struct {
	t     *callbackTarget
	msg   string
	nonce string
}

func (ps *providerState) push(su *simSuite, msg string) []pending {
	if su.target == nil {
		return nil
	}
	return []pending{{t: su.target, msg: msg, nonce: strconv.FormatUint(ps.r.next()%1e10, 10)}}
}

func deliverAll(ctx context.Context, ds []pending) error {
	var errs []error
	for _, d := range ds {
		if err := d.t.deliver(ctx, []byte(d.msg), d.nonce); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func suiteTicketXML(su *simSuite, k int) string {
	return "<xml><SuiteId><![CDATA[" + su.id + "]]></SuiteId><InfoType><![CDATA[suite_ticket]]></InfoType><TimeStamp>" +
		strconv.FormatInt(su.ticketIssued(k).Unix(), 10) + "</TimeStamp><SuiteTicket><![CDATA[" + su.ticket(k) +
		"]]></SuiteTicket></xml>"
}

// PushTicket delivers the suite's current ticket to its callback now (as
// WeCom's console button 刷新Ticket does). It fails for an unknown suite,
// a suite without callback (ErrNoCallback), or a delivery the callback did
// not accept (*DeliveryError).
func (p *ProviderServer) PushTicket(ctx context.Context, suiteID string) error {
	var ds []pending
	err := p.write(func(ps *providerState, now time.Time) error {
		su := ps.suites[suiteID]
		if su == nil {
			return fmt.Errorf("worktest: unknown suite %s", suiteID)
		}
		if su.target == nil {
			return ErrNoCallback
		}
		k := su.ticketNumber(now)
		su.pushed = k
		ds = ps.push(su, suiteTicketXML(su, k))
		return nil
	})
	if err != nil {
		return err
	}
	return deliverAll(ctx, ds)
}

// AdvanceClock moves the shared clock forward by d and delivers the
// tickets issued meanwhile to each suite's callback, oldest first (those
// still valid: at most the last three), as WeCom pushes one every 10
// minutes. Moving the Clock directly issues the tickets without pushing.
func (p *ProviderServer) AdvanceClock(ctx context.Context, d time.Duration) error {
	p.s.clock.Advance(d)
	var ds []pending
	must(p.write(func(ps *providerState, now time.Time) error {
		for _, id := range ps.suiteIDs() {
			su := ps.suites[id]
			if su.target == nil {
				continue
			}
			k := su.ticketNumber(now)
			for j := su.pushed + 1; j <= k; j++ {
				if now.Sub(su.ticketIssued(j)) < TicketTTL {
					ds = append(ds, ps.push(su, suiteTicketXML(su, j))...)
				}
			}
			su.pushed = k
		}
		return nil
	}))
	return deliverAll(ctx, ds)
}

// suiteIDs lists the suites in a stable order.
func (ps *providerState) suiteIDs() []string {
	ids := make([]string, 0, len(ps.suites))
	for id := range ps.suites {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Install is what a corp's admin does on the install page (授权页).
type Install struct {
	// SuiteID is the suite installed. Required.
	SuiteID string
	// CorpID is the installing corp; "" means a new corp with an id
	// derived from the seed. A corp seen before keeps its data.
	CorpID string
	// PreAuthCode is the code of service/get_pre_auth_code the provider's
	// install link carries; "" is an install from the app market
	// (应用市场), which needs none.
	PreAuthCode string
	// State is the state of the install link, echoed in create_auth and
	// the permanent code's answer.
	State string
}

// Installed is the outcome of an install.
type Installed struct {
	// CorpID is the corp that authorised the suite.
	CorpID string
	// AuthCode is the temporary auth code (valid AuthCodeTTL, usable once)
	// that create_auth carried and the install redirect would carry.
	AuthCode string
}

// Install simulates a corp authorising a suite: the corp (created when
// new, with generated data of its own) gets an auth code, and create_auth
// carrying it is delivered to the suite's callback. The permanent code is
// made when the provider exchanges the auth code (get_permanent_code). It
// fails for an unknown suite or an invalid pre-auth code; a delivery the
// callback did not accept is returned with the Installed (*DeliveryError).
func (p *ProviderServer) Install(ctx context.Context, in Install) (Installed, error) {
	var out Installed
	var ds []pending
	err := p.write(func(ps *providerState, now time.Time) error {
		su := ps.suites[in.SuiteID]
		if su == nil {
			return fmt.Errorf("worktest: unknown suite %s", in.SuiteID)
		}
		test := false
		if in.PreAuthCode != "" {
			pre, err := ps.preAuthOf(in.PreAuthCode, su.id, now)
			if err != nil {
				return fmt.Errorf("worktest: install: pre_auth_code is not a valid code of suite %s", su.id)
			}
			test = pre.test
		}
		corpID := in.CorpID
		if corpID == "" {
			corpID = "ww" + ps.r.hex(16)
		}
		if ps.corps[corpID] == nil {
			corp, err := p.newCorp(corpID)
			if err != nil {
				return err
			}
			ps.corps[corpID] = corp
			ps.corpOrder = append(ps.corpOrder, corpID)
		}
		code := ps.newAuthCode(&pendingAuth{suite: su.id, corp: corpID, state: in.State, test: test}, now)
		out = Installed{CorpID: corpID, AuthCode: code}
		ds = ps.push(su, "<xml><SuiteId><![CDATA["+su.id+"]]></SuiteId><AuthCode><![CDATA["+code+
			"]]></AuthCode><InfoType><![CDATA[create_auth]]></InfoType><TimeStamp>"+strconv.FormatInt(now.Unix(), 10)+
			"</TimeStamp><State><![CDATA["+in.State+"]]></State></xml>")
		return nil
	})
	if err != nil {
		return Installed{}, err
	}
	return out, deliverAll(ctx, ds)
}

func (ps *providerState) newAuthCode(pa *pendingAuth, now time.Time) string {
	code := ps.r.alnum(43)
	for ps.authCodes.has(code) {
		code = ps.r.alnum(43)
	}
	ps.authCodes.add(code, pa, now.Add(AuthCodeTTL), now)
	return code
}

// newCorp builds an authorising corp's simulator, with the provider's
// options, data seeded from the seed and the corp id, and the shared
// clock.
func (p *ProviderServer) newCorp(corpID string) (*Server, error) {
	h := fnv.New64a()
	h.Write([]byte(corpID))
	seed := p.seed ^ int64(h.Sum64()>>1)
	opts := append(append([]Option(nil), p.opts...), WithSeed(seed), WithCorp(corpID, ""), WithClock(p.s.clock))
	corp, err := New(opts...)
	if err != nil {
		return nil, fmt.Errorf("worktest: corp %s: %w", corpID, err)
	}
	corp.URL = p.URL
	return corp, nil
}

// authorised returns the authorisation of (suite, corp) for a back door.
func (ps *providerState) authorised(suiteID, corpID string) (*simSuite, *simAuth, error) {
	su := ps.suites[suiteID]
	if su == nil {
		return nil, nil, fmt.Errorf("worktest: unknown suite %s", suiteID)
	}
	a := ps.auths[authKey{suiteID, corpID}]
	if a == nil {
		return nil, nil, fmt.Errorf("worktest: corp %s has not authorised suite %s", corpID, suiteID)
	}
	return su, a, nil
}

func instructionXML(su *simSuite, info, corpID string, now time.Time, extra string) string {
	return "<xml><SuiteId><![CDATA[" + su.id + "]]></SuiteId><InfoType><![CDATA[" + info + "]]></InfoType><TimeStamp>" +
		strconv.FormatInt(now.Unix(), 10) + "</TimeStamp><AuthCorpId><![CDATA[" + corpID + "]]></AuthCorpId>" + extra + "</xml>"
}

// Cancel simulates the corp uninstalling the suite (取消授权): the
// permanent code dies (40084), the corp's access tokens expire (42001),
// and cancel_auth is delivered.
func (p *ProviderServer) Cancel(ctx context.Context, suiteID, corpID string) error {
	var ds []pending
	err := p.write(func(ps *providerState, now time.Time) error {
		su, _, err := ps.authorised(suiteID, corpID)
		if err != nil {
			return err
		}
		delete(ps.auths, authKey{suiteID, corpID})
		ps.corps[corpID].ExpireAllTokens()
		ds = ps.push(su, instructionXML(su, "cancel_auth", corpID, now, ""))
		return nil
	})
	if err != nil {
		return err
	}
	return deliverAll(ctx, ds)
}

// ResetPermanentCode simulates a reset of the corp's permanent code (重置永久授权码):
// the old code dies at once (40084), the corp's access tokens expire, and
// reset_permanent_code is delivered with an auth code to exchange for the
// new code, which it returns.
func (p *ProviderServer) ResetPermanentCode(ctx context.Context, suiteID, corpID string) (string, error) {
	var code string
	var ds []pending
	err := p.write(func(ps *providerState, now time.Time) error {
		su, a, err := ps.authorised(suiteID, corpID)
		if err != nil {
			return err
		}
		a.code = ""
		ps.corps[corpID].ExpireAllTokens()
		code = ps.newAuthCode(&pendingAuth{suite: su.id, corp: corpID, state: a.state, test: a.test}, now)
		ds = ps.push(su, "<xml><SuiteId><![CDATA["+su.id+"]]></SuiteId><AuthCode><![CDATA["+code+
			"]]></AuthCode><InfoType><![CDATA[reset_permanent_code]]></InfoType><TimeStamp>"+
			strconv.FormatInt(now.Unix(), 10)+"</TimeStamp><AuthCorpId><![CDATA["+corpID+"]]></AuthCorpId></xml>")
		return nil
	})
	if err != nil {
		return "", err
	}
	return code, deliverAll(ctx, ds)
}

// ChangeAuth simulates the corp changing the authorisation (变更授权:
// visible range, permissions) and delivers change_auth.
func (p *ProviderServer) ChangeAuth(ctx context.Context, suiteID, corpID string) error {
	var ds []pending
	err := p.write(func(ps *providerState, now time.Time) error {
		su, a, err := ps.authorised(suiteID, corpID)
		if err != nil {
			return err
		}
		ds = ps.push(su, instructionXML(su, "change_auth", corpID, now, "<State><![CDATA["+a.state+"]]></State>"))
		return nil
	})
	if err != nil {
		return err
	}
	return deliverAll(ctx, ds)
}

// PermanentCode returns the corp's current permanent code for a suite
// ("" when it has none: never authorised, cancelled, or reset and not yet
// exchanged), for tests.
func (p *ProviderServer) PermanentCode(suiteID, corpID string) string {
	var code string
	p.read(func(ps *providerState, _ time.Time) {
		if a := ps.auths[authKey{suiteID, corpID}]; a != nil {
			code = a.code
		}
	})
	return code
}
