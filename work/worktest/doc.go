// Package worktest is a simulated WeCom (企业微信) server for tests, the way
// net/http/httptest serves HTTP tests: a stateful fake of the 客户联系
// (external contact) API, not a canned-reply mock. The SDK tests itself
// against it, and so can your code:
//
//	s := worktest.NewServer(worktest.WithSeed(42))
//	defer s.Close()
//	app, err := work.New(s.Config())
//	...
//	contact, err := app.ExternalContact().Get(ctx, externalUserID)
//
// cmd/wecomsim serves the same simulator on a fixed address, for manual
// exploration and for callers in other languages.
//
// # Data
//
// The state is generated from a seed (WithSeed) and sizes (WithMembers,
// WithCustomersPerMember, WithGroupChats, WithResignedMembers), or loaded from
// a JSON fixture (WithFixture, WithFixtureReader, WithData) in the format of
// Data. The same seed and sizes give the same data byte for byte, and the
// same corp id, secret and token sequence. With the defaults:
//
//   - members (ExternalContact, 客户联系 enabled): zhangsan, lisi, wangwu,
//     zhaoliu, sunqi, zhouba, wujiu, zhengshi (then chenyi, liuer, yangsan,
//     huangsi, member013 …); NoContactMember ("xiaoming") has no 客户联系;
//     resigned members qianduo and zhouquan (then resigned03 …) have a
//     dimission_time and unassigned customers;
//   - customers: about 70% WeChat users ("wm…", type 1, with unionid), the
//     rest WeCom users of other corps ("wo…", type 2, corp_name,
//     corp_full_name, position, external_profile); each member has
//     WithCustomersPerMember of them and about a quarter are shared;
//   - relations carry remark, description, corp and strategy tag ids,
//     personal tags, remark_mobiles, remark_corp_name, add_way, state,
//     oper_userid and createtime (all before DefaultStart);
//   - tag groups "客户等级", "客户来源" (with one deleted tag), "所属行业"
//     (ids "et…") and the strategy group "渠道规则" (strategy_id 1, ids "st…");
//   - group chats ("wr…") with owner, internal and external members, admins,
//     notice and member_version; with resigned members, the last chat is
//     owned by one (status 1).
//
// Server.Snapshot returns the state, to check what a call changed or to save
// as a fixture (wecomsim -dump prints it).
//
// # Wire behaviour
//
// Every answer is HTTP 200 with WeCom's JSON: errcode 0 and errmsg "ok" plus
// the fields, or errcode ≠ 0 and an errmsg in WeCom's format ("invalid
// corpid, hint: [1714528800_1_…], from ip: 127.0.0.1, more info at
// https://open.work.weixin.qq.com/devtool/query?e=40013"). The codes:
//
//	gettoken      41002 no corpid, 40013 wrong corpid, 41004 no corpsecret,
//	              40001 wrong corpsecret; else a token valid for 7200 s of
//	              the simulator clock (the same token while it is valid, as
//	              WeCom does; WithFreshTokens issues a new one each time)
//	access_token  41001 missing, 40014 unknown, 42001 expired
//	method        43001 require GET, 43002 require POST (simulator's choice;
//	              WeChat's codes for the case)
//	POST body     47001 data format error: not a JSON object, or a field of
//	              the wrong type; an empty body counts as {}
//	fields        41009 missing userid, 41035 missing external_userid, 40058
//	              invalid Request Parameter for other missing fields, lists
//	              over their bound, over-long strings, negative limits and
//	              bad cursors (the errmsg names the field)
//	ids           40003 invalid userid (unknown or resigned member), 40096
//	              invalid external userid, 84061 not external contact (no
//	              relation; also a member with no customers on
//	              externalcontact/list, as WeCom answers)
//	unknown path  HTTP 404 with {"errcode":404,"errmsg":"invalid api path …:
//	              not simulated by worktest"}, so an SDK reports an HTTP
//	              error naming the path (WeCom has no documented answer)
//
// A limit above its maximum is lowered to the maximum, as the WeCom docs say
// for batch/get_by_user (limit: default 50, max 100).
//
// Paged answers use opaque cursors that encode the position (a sequence
// number) and a fingerprint of the query, with no server-side state: any
// number of clients can page at once, a walk has no gaps or duplicates even
// while data changes, and next_cursor is "" on the last page. A cursor used
// with another query answers 40058.
//
// # Faults, clock and request log
//
// Server.Faults injects latency, errcodes (FailNext), gateway HTML pages
// (HTTPStatus), dropped connections, rate limits (45009) and concurrency
// limits (45033), per path or globally, gettoken included;
// Server.ExpireAllTokens expires every token at once. The Clock (WithClock,
// Server.Clock, Server.SetNow) decides token expiry, rate-limit windows and
// the create time of new things; it is frozen at DefaultStart unless moved.
// Server.Requests, Server.Count and Server.ResetLog observe the calls; the
// log is a ring buffer of WithLogCap entries (default 10,000).
//
// # Adding an endpoint
//
// Endpoints are grouped one file per API group, like the SDK: customer.go
// now; tag.go, transfer.go, groupchat.go next. To add one:
//
//  1. In the group's file, write a handler
//     func (s *Server) name(c *call) (any, error). Read the query from
//     c.query, decode a POST body with c.bind(&req) (47001 on a wrong type),
//     validate with the helpers of errors.go (requireUserID,
//     requireExternalUserID, requireField, checkList, checkRunes, pageLimit)
//     and the lookups of store.go (activeMemberOrErr, customerOrErr,
//     relation, liveTag …), and return a response struct (errcode and errmsg
//     are added for you), nil for a bare success, or an *apiError from
//     errCode / errParam / errDetail.
//  2. Add it to the group's route list — route{method, path, write, handle}
//     — and, for a new group, add the list in buildRoutes (registry.go).
//     Mark write: true when it changes state: it then runs under the store's
//     write lock, others under the read lock. Handlers never lock, and may
//     return pointers into the store (the answer is encoded under the lock).
//  3. Page with encodeCursor / decodeCursor over the entities' sequence
//     numbers (see getCustomer, batchGetByUser).
//  4. Use c.now for times; create entities with the store's add… methods
//     (they assign the sequence number) and ids with st.newID.
//  5. Test it through plain HTTP in the group's _test.go.
//
// The framework does the rest: faults, counting and logging, the method and
// access_token checks, JSON parsing, errcode/errmsg, and WeCom's errmsg hint.
//
// To extend the state, add fields (with WeCom's wire names as JSON tags) to
// the types of state.go; fixtures and Snapshot pick them up. A new kind of
// entity needs a type in state.go, a slice in Data and in store, an add…
// method in store.go that assigns its sequence number, and a line each in
// store.load and store.snapshot. Derived views (get_unassigned_list: the
// relations of resigned members) need no state of their own.
package worktest
