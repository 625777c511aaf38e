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
// same corp id, secret, token sequence and new ids, as long as the calls
// come in the same order. With the defaults:
//
//   - members (ExternalContact, 客户联系 enabled): zhangsan, lisi, wangwu,
//     zhaoliu, sunqi, zhouba, wujiu, zhengshi (then chenyi, liuer, yangsan,
//     huangsi, member013 …); NoContactMember ("xiaoming") has no 客户联系;
//     resigned members qianduo and zhouquan (then resigned03 …) have a
//     dimission_time and unassigned customers;
//   - customers: about 70% WeChat users ("wm…", type 1, with unionid), the
//     rest WeCom users of other corps ("wo…", type 2, corp_name,
//     corp_full_name, position, external_profile, half of them with the
//     corp's 视频号 and its status); each member has
//     WithCustomersPerMember of them and about a quarter are shared;
//   - relations carry remark, description, corp and strategy tag ids,
//     personal tags, remark_mobiles, remark_corp_name, add_way, state,
//     oper_userid and createtime (all before DefaultStart);
//   - tag groups "客户等级", "客户来源" (with one deleted tag), "所属行业"
//     (ids "et…") and the strategy group "渠道规则" (strategy_id 1, ids "st…");
//   - group chats ("wr…") with owner, internal and external members, admins,
//     notice and member_version; with resigned members, the last chat is
//     owned by one (status 1);
//   - served contacts beyond relations and customer groups, as
//     contact_list shows them (Data.ServedContacts): two non-customers the
//     first members served, one met in a chat that is no customer group
//     (chat_name), and a customer met there;
//   - no transfers (a fixture may hold some, in any status);
//   - no 「联系我」 contact ways and no 「加入群聊」 join ways
//     (add_contact_way, groupchat/add_join_way and Server.ContactWays().Add
//     create them; a fixture may hold some, ids "cw…" and "jw…");
//   - no 获客助手 links ("cawcde…"), and one batch of
//     DefaultAcquisitionQuota (100) quota bought 30 days before the start,
//     valid a year;
//   - a 家校通讯录 of six students (student001 … student006) in classes 11
//     and 12, each with one or two parents (parent001a …), and the
//     「学校通知」 subscribe mode 1.
//
// Server.Snapshot returns the state, to check what a call changed or to save
// as a fixture (wecomsim -dump prints it).
//
// # Endpoints
//
// Under /cgi-bin/, one file per API group, like the SDK:
//
//	token.go       gettoken
//	customer.go    客户基础: externalcontact/get_follow_user_list, list, get,
//	               batch/get_by_user, remark
//	tag.go         客户标签: externalcontact/get_corp_tag_list, add_corp_tag,
//	               edit_corp_tag, del_corp_tag, mark_tag, and the same four
//	               for strategy tags (get/add/edit/del_strategy_tag)
//	transfer.go    在职继承 / 离职继承: externalcontact/get_unassigned_list,
//	               transfer_customer, transfer_result,
//	               resigned/transfer_customer, resigned/transfer_result, the
//	               deprecated transfer and get_transfer_result
//	contactway*.go 「联系我」: externalcontact/add_contact_way,
//	               get_contact_way, list_contact_way, update_contact_way,
//	               del_contact_way, close_temp_chat
//	groupchat.go   客户群: externalcontact/groupchat/list, get, transfer,
//	               onjob_transfer
//	joinway*.go    「加入群聊」: externalcontact/groupchat/add_join_way,
//	               get_join_way, update_join_way, del_join_way
//	idconvert.go   ID转换: externalcontact/convert_to_openid,
//	               unionid_to_external_userid, to_service_external_userid,
//	               from_service_external_userid, get_new_external_userid,
//	               groupchat/get_new_external_userid, opengid_to_chatid,
//	               batch_to_external_userid, contact_list,
//	               crm/get_external_contact, the undocumented
//	               externalcontact/unionid_to_external_userid_3rd (access_token),
//	               service/externalcontact/unionid_to_external_userid_3rd,
//	               service/externalcontact/finish_external_userid_migration
//	statistics.go  数据统计: externalcontact/get_user_behavior_data,
//	               groupchat/statistic, groupchat/statistic_group_by_day
//	moment*.go     客户朋友圈: externalcontact/add_moment_task,
//	               get_moment_task_result, cancel_moment_task,
//	               get_moment_list, get_moment_task,
//	               get_moment_customer_list, get_moment_send_result,
//	               get_moment_comments
//	media.go       素材管理: media/upload, media/uploadimg,
//	               media/upload_attachment (multipart/form-data)
//	message*.go    企业群发 / 新客户欢迎语: externalcontact/add_msg_template,
//	               get_groupmsg_list_v2, get_groupmsg_task,
//	               get_groupmsg_send_result, the deprecated
//	               get_group_msg_result, remind_groupmsg_send,
//	               cancel_groupmsg_send, send_welcome_msg
//	groupwelcome.go 入群欢迎语素材: externalcontact/group_welcome_template/
//	               add, edit, get, del
//	acquisition*.go 获客助手: externalcontact/customer_acquisition/list_link,
//	               get, create_link, update_link, delete_link, customer,
//	               statistic, get_chat_info, customer_acquisition_quota,
//	               customer_acquisition_app/get_permit
//	school.go      家校沟通: externalcontact/get_subscribe_qr_code,
//	               set_subscribe_mode, get_subscribe_mode, message/send
//	provider.go    服务商 (provider mode, see below): service/get_provider_token,
//	               get_suite_token, get_pre_auth_code, set_session_info,
//	               get_permanent_code, v2/get_permanent_code, get_auth_info,
//	               v2/get_auth_info, get_corp_token
//	strategy.go    规则组: externalcontact/customer_strategy/ and
//	               moment_strategy/ list, get, get_range, create, edit, del
//	product.go     商品图册: externalcontact/add_product_album,
//	               get_product_album, get_product_album_list,
//	               update_product_album, delete_product_album
//	intercept*.go  聊天敏感词: externalcontact/add_intercept_rule,
//	               get_intercept_rule_list (GET), get_intercept_rule,
//	               update_intercept_rule, del_intercept_rule
//
// Each handler's comment states its rules: required fields, bounds, which
// errcode answers what. A few behaviours worth knowing:
//
//   - Tags: corp tags and strategy tags (规则组标签) are two libraries with
//     the same rules; deleting is soft (a deleted tag or group is reported
//     deleted when asked for by id, leaves the customers and never has its id
//     reused); a group left without live tags is deleted too; the corp holds
//     at most 3000 live tags (40126).
//   - 「联系我」 and 「加入群聊」 ways: updates overwrite (a field sent
//     replaces the value, sent empty clears it, left out keeps it);
//     list_contact_way pages through a creation-time window (default the
//     last 90 days) and never shows temporary ways or ways created before
//     2021-07-10; both kinds share one quota of 500,000 (temporary ways
//     aside, at most 100,000 a day); only the creating app may update or
//     delete a way (48002). WeCom does not document the errcodes of an
//     unknown config_id, a full quota or an expired temporary way: the
//     simulator answers 40058 naming the problem.
//   - Transfers take time, as in WeCom: a transfer call records status 2
//     (等待接替) with takeover_time 24 hours on; the customer stays with the
//     handover member until the simulator clock passes it. Then the transfer
//     completes (status 1) and the relation moves to the takeover member
//     (add_way 202, oper_userid the handover, remark and corp tags kept).
//     Move the clock (Clock().Advance(24*time.Hour)), or call
//     Server.Transfers().CompleteAll to complete every waiting transfer now
//     and Server.Transfers().End to end one with status 1, 3 (客户拒绝) or 4
//     (接替成员客户达到上限); a failed one sends the callback WeCom's
//     transfer_fail event. The 90-day limit of two on-job transfers per
//     customer is enforced (40128).
//   - Group chat transfers take effect at once: the new owner joins the chat
//     if needed; a resigned owner's chat ends in status 3 (离职继承完成).
//   - Mass messages (企业群发) take time, as in WeCom: add_msg_template
//     makes one task per sender, which the sender confirms
//     MassTaskConfirmDelay (an hour) later on the simulator clock, or when
//     a test calls Server.Messages().Confirm; each recipient's status is
//     then sent, not a friend (the relation is gone) or received another
//     mass message (one a customer a day, UTC+8). remind_groupmsg_send is
//     limited to 3 in 24 hours, cancel_groupmsg_send stops unsent tasks.
//     Messages().List and Snapshot's MassMessages show the tasks.
//   - Welcome messages: the WelcomeCode of an AddContact (or
//     ContactWays().Scan) event is accepted by send_welcome_msg once,
//     within WelcomeCodeTTL; Messages().Welcomes shows what was sent.
//   - Media: uploads are checked like WeCom checks them; a media_id
//     expires MediaTTL (3 days) after its upload on the simulator clock,
//     and a message or template naming an unknown or expired one answers
//     40007. Media().Add makes a media_id without an upload.
//   - Group welcome templates are a resource of at most 100 per corp;
//     only their creating app may edit or delete them.
//   - ID conversions: the simulator has one set of customer ids, the
//     corp-subject ones of its state. The other ids are functions of them,
//     exported so that tests can predict answers: ServiceExternalUserID (the
//     provider-subject id, reversible), OpenID (convert_to_openid) and
//     OpenGID (what opengid_to_chatid takes).
//     finish_external_userid_migration records that the provider finished
//     its migration (Data.ExternalUserIDMigrated): from then on the
//     conversions of old ids to new ones (get_new_external_userid,
//     groupchat/get_new_external_userid) answer 48002, as WeCom forbids
//     them once the migration is marked finished.
//   - Statistics are derived from the state, per member and per natural day
//     in UTC+8: new relations (createtime), those the member initiated
//     (oper_userid), customers who deleted the member (DeleteContact, kept
//     in Data.ContactRemovals), chats and chat members by create and join
//     time; figures that need messages are 0. A day is reported once it is
//     over: a customer added today counts in today's figure from tomorrow.
//     The simulated corp has one department, the root (partyid 1).
//   - Moments are asynchronous: add_moment_task's job is in status 1, then
//     2 after MomentJobRunningAfter (1 s) and done after MomentJobDoneAfter
//     (3 s) of the simulator clock, when visible_range is resolved (members
//     with 客户联系, department 1, live tags) into the moment's senders and
//     each one's chosen customers. Server.Moments().Publish has a member
//     publish, after which get_moment_send_result lists who sees it;
//     cancel_moment_task stops the copies not yet published; Comment and
//     Like add interactions; AddPersonal posts a member's own moment. Media
//     ids are not checked (any non-empty media_id is taken).
//   - Rule groups (规则组), customer-contact and moment ones, keep their
//     admins, privileges and range; integer ids count up per family. A
//     privilege left out of create defaults to true, edit's privilege
//     replaces them all, the five basic customer-contact privileges stay
//     true. A child inherits its parent's privileges and must stay inside
//     its range, 5 levels at most. The seeded corp has customer rule group
//     1, 渠道规则组, made in the admin console (Server.Strategies().Get shows
//     it; the API may read but not change it).
//   - Product albums (商品图册) and intercept rules (聊天敏感词) keep what
//     WeCom documents, checked with its bounds; an album's images must be
//     product-album attachments (media/upload_attachment, attachment_type
//     2) not yet expired, or the call answers 40007.
//     Server.Intercepts().Check tells what the corp's rules would do to a
//     message a member sends: blocked or warned, by which rule, for which
//     words or semantics (phone number, email address, red packet).
//   - Only the app that created a rule group, an album or an intercept rule
//     may change or delete it (48002); Server.Strategies().Add,
//     Server.Albums().Add and Server.Intercepts().Add make one as another
//     app.
//   - 获客助手 links are a resource (acquisition.go states the rules): a
//     range of members and the root department covering at most 500
//     people, skip_verify and mark_source true unless sent false, only the
//     creating app may change one, a deleted one answers 40058. A customer
//     opening a link (Server.Acquisition().Open, with the link's URL, with
//     or without customer_channel, or its weixin:// scheme) adds the
//     member the link routes them to: the relation's state is the channel,
//     add_way 16, one unit of quota is used (the batch expiring first),
//     customer lists them, and statistic counts the click and the add per
//     day in UTC+8. The events follow: open_profile, friend_request (for
//     skip_verify false), add_external_contact, balance_low (below
//     DefaultLowBalance, 20) and balance_exhausted; link_unavailable when
//     no member can take the customer. Acquisition().Message has the
//     customer write (customer_start_chat, then message_from_customer with
//     a ChatKey for get_chat_info, valid ChatKeyTTL). Quota reminders
//     (quota_expire_soon 14, 7, 3, 2 and 1 days before) and expiries happen
//     on the clock, their events delivered as it moves. Acquisition().SetApp
//     makes the secret the 客户联系 system app's (48002 everywhere) or a
//     营销获客 app's (get_permit answers; links stay inside its permit).
//   - 家校沟通: message/send resolves its recipients against the 家校通讯录
//     (Data.School) per recv_scope, answers the unknown ones in its invalid
//     lists, drops a duplicate within duplicate_check_interval when
//     enable_duplicate_check is 1, and records every notice:
//     Server.School().Messages returns them.
//
// # Tokens
//
// gettoken checks corpid and corpsecret (Server.CorpID, Server.Secret) and
// issues an access_token valid for 7200 s of the simulator clock
// (WithTokenTTL). While it is valid, gettoken hands back the same token
// with expires_in counting down, as WeCom does; WithFreshTokens issues a new
// one each time. Server.ExpireAllTokens expires them all at once. An expired
// token answers 42001; a day after it expired it may be forgotten, and then
// answers 40014 like any unknown token.
//
// The two service/… endpoints take another token in another query
// parameter, and no access_token: finish_external_userid_migration a
// provider_access_token (Server.ProviderToken) and
// unionid_to_external_userid_3rd a suite_access_token (Server.SuiteToken).
// Both are fixed for a server (functions of its corp id and secret) and do
// not expire; give them to the SDK as work.Config.ProviderTokenSource and
// SuiteTokenSource.
//
// # Errors
//
// Every answer is HTTP 200 with WeCom's JSON: errcode 0 and errmsg "ok" plus
// the fields, or errcode ≠ 0 and an errmsg in WeCom's format ("invalid
// corpid, hint: [1714528800_1_…], from ip: 127.0.0.1, more info at
// https://open.work.weixin.qq.com/devtool/query?e=40013"). The codes:
//
//	any endpoint
//	  41002 no corpid, 40013 wrong corpid, 41004 no corpsecret, 40001 wrong
//	        corpsecret (gettoken; 41002 and 40013 also for the corpid of
//	        finish_external_userid_migration)
//	  41001 token missing; 40014 access_token or provider_access_token
//	        unknown; 42001 access_token expired; 40082 suite_access_token
//	        wrong (WeCom's 不合法的suitetoken)
//	  43001 require GET, 43002 require POST (WeChat's codes for the case)
//	  47001 data format error: a POST body that is not a JSON object, or a
//	        field of the wrong type; an empty body counts as {}
//	  41009 missing userid, 41035 missing external_userid; 40058 invalid
//	        Request Parameter for other missing fields, lists over their
//	        bound or with an empty item, over-long strings and
//	        out-of-range numbers (the errmsg names the field)
//	  50100 invalid cursor (分页查询的游标无效, WeCom's global code): a
//	        cursor that is malformed or belongs to another query
//	  40003 invalid userid (unknown member; resigned where an active one is
//	        needed), 40096 invalid external userid, 84061 not external
//	        contact (no relation; also a member with no customers on
//	        externalcontact/list, as WeCom answers), 84074 the member has no
//	        客户联系
//	tags
//	  40068 invalid tagid (unknown, deleted, or of the other library),
//	  40071 tag name taken, 40126 over 3000 live tags
//	transfers (transfer_customer answers them per customer)
//	  40097 handover not resigned, 40128 transferred twice in 90 days,
//	  40129 already being transferred, 40130 handover = takeover, 40131 not
//	  the handover's customer
//	group chats (the transfers answer them per chat, in failed_chat_list)
//	  40050 unknown chat_id, 81017 no owner_filter with more than 1000
//	  members, 90500 owner not resigned, 90502 owner resigned, 90504 owner
//	  unchanged, 90507 chat being transferred, 90508 already transferred
//	id conversions
//	  60136 record not found (batch_to_external_userid, per mobile);
//	  48002 api forbidden from get_new_external_userid and
//	  groupchat/get_new_external_userid once
//	  finish_external_userid_migration was called
//	statistics
//	  60123 invalid party id (a department other than the root, 1)
//	moments (in the job's result)
//	  40058 no valid sender, 40068 no valid tag
//	media (media.go)
//	  44001 no file part, 40006 5 bytes or less, 40004 wrong format or a
//	  kind the attachment type does not take, 40009 image / 40011 video
//	  too large, 45001 voice or file too large, 301017 voice not AMR,
//	  45007 voice over 60 s, 40005 unknown type, 45009 over 100 uploadimg
//	  a day; 40007 an unknown or expired media_id in a message or template
//	messages (message.go, message_welcome.go)
//	  40058 unknown msgid, bad content or an unknown or expired
//	  welcome_code; 41051 a welcome_code used already; 45009 a fourth
//	  reminder in 24 hours
//	group welcome templates (groupwelcome.go)
//	  40058 unknown template_id or over 100 templates, 48002 another
//	  app's template
//	获客助手
//	  48002 the 客户联系 system app (SetApp), get_permit by another app than
//	  营销获客, a link of another app; 40058 an unknown or deleted link_id,
//	  an unknown or expired chat_key, a range over 500 people, a statistic
//	  window over 30 days or 180 days back; 60123 a department other than 1
//	家校沟通
//	  40008 unknown msgtype
//	provider mode
//	  40077 pre_auth_code unknown, expired or of another suite, 40078 auth
//	  code unknown, used, expired or of another suite, 40080 wrong
//	  suite_secret, 40083 unknown suite_id, 40084 permanent_code wrong,
//	  cancelled or reset, 40085 suite_ticket unknown or over 30 minutes
//	  old, 42009 suite_access_token expired (40082 unknown)
//	rule groups, albums, intercept rules
//	  48002 another app's; 40058 for an unknown id, a full quota (100
//	        intercept rules), a node outside the parent's range and what
//	        WeCom documents no code for; 60123 a department other than 1
//	faults
//	  -1, 45009, 45033 or any code given to FailNext (see below)
//	unknown path (under /cgi-bin/)
//	  the access_token is checked first (41001, 40014, 42001), then
//	  48002 api forbidden (API接口无权限调用) with the errmsg "api
//	  forbidden: /cgi-bin/… is not simulated by worktest, hint: …".
//	  WeCom documents no code for a path it has no API at; 48002 is what
//	  it answers for an API the calling app may not use, the nearest
//	  documented case, and unlike an HTTP 404 it is an answer every SDK
//	  reports as WeCom's, naming the path. (40066, which WeChat's
//	  platform answers for an unknown URL, is WeCom's 不合法的部门列表.)
//
// A limit above its maximum is lowered to the maximum, as the WeCom docs say
// for batch/get_by_user (limit: default 50, max 100).
//
// Paged answers use opaque cursors that encode the position (a sequence
// number) and a fingerprint of the query, with no server-side state: any
// number of clients can page at once, a walk has no gaps or duplicates even
// while data changes, and next_cursor is "" on the last page. A cursor used
// with another query answers 50100.
//
// # Callback events
//
// The simulator can push real, encrypted callback events to your callback
// URL, the way WeCom does, so that a callback.Handler (or any other receiver)
// is tested end to end: signature, timestamp, nonce, AES ciphertext and
// receiver id are all genuine. Point the simulator at the URL with the app's
// callback Token and EncodingAESKey (接收消息服务器配置) through WithCallback
// or Server.SetCallback; the receiver id is the simulator's CorpID:
//
//	s := worktest.NewServer()
//	h, _ := callback.New(callback.Config{Token: token, EncodingAESKey: key, ReceiverIDs: []string{s.CorpID}})
//	h.OnAddExternalContact(...)
//	srv := httptest.NewServer(h)
//	err := s.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: token, EncodingAESKey: key})
//	err = s.VerifyCallbackURL(ctx) // GET …&echostr=…, as when the URL is saved
//	added, err := s.AddContact(ctx, worktest.AddContact{UserID: "zhangsan", State: "expo"})
//
//	// or through a 「联系我」 QR code: the event carries the way's state
//	way, err := s.ContactWays().Add(worktest.ContactWaySpec{Type: worktest.ContactWaySingle,
//		Scene: worktest.ContactWayQRCode, Users: []string{"zhangsan"}, State: "expo"})
//	added, err = s.ContactWays().Scan(ctx, way, worktest.AddContact{})
//
// Simulated customer actions change the state, then deliver the matching
// change_external_contact event, synchronously: the call returns once your
// endpoint has answered, with the delivery's error, if any. The state is
// unlocked while the event is delivered, so the receiver may call the
// simulator (look the customer up through the SDK) before it answers.
//
//   - AddContact: a customer adds a member (添加企业客户, add_external_contact).
//     The customer is created when needed (a WeChat user with a seeded id);
//     the relation gets the state, add_way, createtime (simulator clock) and
//     oper_userid (the customer). The event carries a fresh WelcomeCode;
//     Server.WelcomeCodeValid tells whether a code is one the simulator
//     issued less than WelcomeCodeTTL (20 s of the simulator clock) ago.
//     With AddContact.ConfigID the customer comes through a 「联系我」 way
//     made by Server.ContactWays().Add (type 1 single or 2 multi-user, scene 1
//     mini program or 2 QR code, state, remark, skip_verify, qr_code URL):
//     the member is the way's user (or one of its users, named by UserID),
//     the state is the way's, and a QR-code way gives add_way 1. A way
//     without skip_verify announces the customer with
//     add_half_external_contact (State and WelcomeCode too) instead. Through
//     a temporary way (is_temp) the QR code works once, before its
//     expire_time, and opens a temporary session that ends on the clock
//     after chat_expires_in, or on close_temp_chat. The ways are in
//     Data.ContactWays; Server.ContactWays().Scan is the same path.
//   - JoinWays().Join: a customer joins a group chat through a 「加入群聊」
//     way: the member (join_scene 3, the way's state) goes into the first
//     of the way's chats with fewer than 200 members, and the callback gets
//     change_external_chat / update / add_member. When every chat is full,
//     a way with auto_create_room makes a new chat (room_base_name and a
//     number from room_base_id), announced by change_external_chat /
//     create first.
//   - DeleteContact: the customer deletes the member (删除跟进成员,
//     del_follow_user). The simulator removes the relation.
//   - RemoveContact: the member deletes the customer (删除企业客户,
//     del_external_contact); the relation is removed.
//   - DeliverEvent: any plaintext event XML you write, encrypted and pushed;
//     it changes no state.
//
// The state changes whether or not the delivery succeeds, as in WeCom.
// Without a callback, the actions change the state and deliver nothing;
// DeliverEvent and VerifyCallbackURL answer ErrNoCallback.
//
// API calls and scheduled work emit events too, when a group simulates
// WeCom's callback for them: they are delivered after the store's lock is
// released, before the call's answer is written (so a test sees them when
// the call returns), or before Clock().Advance, a back door, Snapshot or
// Server.Settle returns when the clock made work due. A failed delivery of
// such an event does not fail the call; Server.Events().List() is the log
// of every event emitted (at most the last 1000), with its XML, whether
// it was delivered and why not, callback or none.
//
// A delivery succeeds when the endpoint answers 2xx with the body "success"
// or an empty body (surrounding white space ignored). Otherwise WeCom
// retries, and so does the simulator: CallbackConfig.Retries more attempts
// (default 3), CallbackConfig.RetryDelay apart (default 100 ms), each with
// the very same msg_signature, timestamp, nonce and body, so a receiver's
// deduplication is exercised. When every attempt failed, the error is a
// *DeliveryError. With the default client each attempt times out after 5
// seconds, as WeCom waits about that long.
//
// Timestamps: an event's CreateTime is the simulator clock (it matches the
// relation's createtime), but the timestamp query parameter, which the
// receiver checks for freshness, is the real time by default, so that a
// callback.Handler with its default clock accepts deliveries even though the
// simulator clock is frozen at DefaultStart. To stamp deliveries with the
// simulator clock instead, set CallbackConfig.Now to s.Clock().Now and give
// the receiver the same clock (callback.Config.Now: s.Clock().Now);
// otherwise it rejects them as stale (403) and the delivery fails.
//
// # Faults, clock and request log
//
// Server.Faults injects latency, errcodes (FailNext), gateway HTML pages
// (HTTPStatus), dropped connections, rate limits (45009) and concurrency
// limits (45033), per path or globally, gettoken included. All of these
// answer before the handler runs; LoseAnswer lets the handler run and keep
// its changes, then drops the connection or answers a 502: the one case in
// which a write's outcome is unknown to the client, to show that it took
// effect exactly once. The Clock
// (WithClock, Server.Clock, Server.SetNow) decides token expiry, transfer
// takeovers, WelcomeCode expiry, rate-limit windows and the create time of
// new things; it is frozen at DefaultStart unless moved (NewWallClock
// follows real time, as wecomsim does by default; NewScaledClock runs a
// given number of times faster). Moving it (Advance, Set) runs the work
// that became due before it returns; a clock that runs by itself needs
// Server.Settle, which wecomsim calls every second. Server.Requests,
// Server.Count and Server.ResetLog observe the calls.
//
// # Concurrency and memory
//
// A Server is safe for concurrent use. The state sits behind one
// read-write lock: a handler that only reads runs under the read lock, one
// that changes state under the write lock, and the answer is encoded before
// the lock is released. Scheduled work that is due (transfers completing,
// see schedule.go) runs before the handler takes its lock, in a short
// write-locked step that runs only when something is due.
// Customer actions take the write lock for their change and deliver their
// event after releasing it; so do handlers, scheduled work and back doors
// that emit events (the outbox, events_outbox.go): no delivery, and no
// other network call, ever happens under the store's lock.
//
// Memory stays bounded however long a simulator runs: the request log is a
// ring buffer of WithLogCap entries (default 10,000; counters are per known
// path), cursors hold no server state, expired access tokens are forgotten
// after a day and WelcomeCodes when they expire (at most 10,000 of each are
// kept, the oldest going first). The state grows only with what callers
// create: tags, relations, customers from AddContact and Join, contact
// ways, join ways and the chats auto_create_room makes, mass and welcome
// messages, group welcome templates (at most 100), media records
// (forgotten when they expire), and transfers, of which WeCom's own rules
// allow a bounded number per customer; contact removals (one per
// DeleteContact or RemoveContact) and moments; moment jobs are forgotten
// after 24 hours; 获客助手 links, the customers and clicks they record and
// quota batches; school notices sent. ChatKeys are forgotten when they
// expire (at most 10,000 kept).
//
// # Back doors
//
// What a test does to the simulated corp that no API call does (a customer
// scanning a QR code, a transfer completing early) hangs off one method per
// group, so Server stays small: Server.ContactWays (Add, Get, Scan),
// Server.JoinWays (Get, Join), Server.Transfers (CompleteAll, End),
// Server.Moments (Publish, Comment, Like, AddPersonal), Server.Messages
// (Get, List, Confirm, ConfirmAll, Welcomes), Server.Media (Add, Get),
// Server.Events (List, Reset), Server.Acquisition (Open, Message,
// AddQuota, AdminDelete, SetApp, SetPermit, SetLowBalance, Link,
// Customers), Server.School (Messages, Students, AddStudent),
// Server.Strategies (Add, Get), Server.Albums (Add, Get),
// Server.Intercepts (Add, Check). The older Server methods
// (AddContactWay, CompleteTransfers, EndTransfer) remain as deprecated
// wrappers. NewApp returns a work.App on a fresh simulator for a test.
//
// # Provider mode
//
// NewProviderServer simulates WeCom for a service provider (服务商, package
// provider): the provider's suites (第三方应用 and 代开发 templates, added
// with AddSuite), and every corp that installs one, each a Server of its
// own with its own data (seeded from the seed and the corp id), behind one
// URL. A request carrying a corp's access_token, or a gettoken naming the
// corp, reaches that corp's Server (ProviderServer.Corp); the service/…
// endpoints and everything else reach the provider's own (Provider).
//
//   - Tickets: a suite's suite_ticket is issued when it is added and every
//     TicketInterval (10 minutes) of the shared clock after, each valid for
//     TicketTTL (30 minutes); get_suite_token refuses others (40085).
//     With SuiteSpec.Callback, PushTicket delivers the current ticket to the
//     suite's 指令回调 URL (encrypted for the suite id) and AdvanceClock
//     moves the clock and delivers the tickets issued meanwhile, as WeCom
//     pushes them; Ticket reads it without a callback.
//   - Install (the admin on the install page, with the pre_auth_code of
//     get_pre_auth_code and set_session_info, or none for the app market)
//     creates the corp when new, issues an auth code (10 minutes, once)
//     and delivers create_auth; get_permanent_code (or its v2 form)
//     exchanges it for the corp's permanent code. get_auth_info and
//     get_corp_token take that code; the corp token is one the corp's
//     Server accepts. For a 代开发 template (SuiteSpec.Customized) the
//     permanent code is the corp's 代开发 secret: gettoken with the corp id
//     and it works.
//   - Cancel (取消授权) and ResetPermanentCode (重置永久授权码) kill the
//     permanent code (40084) and expire the corp's access tokens (42001),
//     then deliver cancel_auth, or reset_permanent_code with a new auth
//     code; ChangeAuth delivers change_auth.
//
// Simplifications: a corp's access tokens are the corp's, not one per
// suite, so a cancellation expires them all; the fixed Server.SuiteToken
// and ProviderToken of the id-conversion endpoints are not the ones
// get_suite_token and get_provider_token issue.
//
// # Adding a group or a resource
//
// An API group lives in its own file(s), named like the SDK's (one group
// per file, split before ~500 lines), and touches nothing central except
// one field in Data for its fixture section. A group:
//
//  1. Registers itself from an init function with addGroup (group.go):
//     its name, its routes, its part of the state (a struct of its own,
//     usually one table per resource) and the hooks that load that part
//     from a fixture, write it into a Snapshot and seed it. The framework
//     builds the routes, the store and the seeded data from the registered
//     groups; groups load and seed in file-name order, after the core
//     state (members, customers, tags, relations, transfers). Its errcodes
//     are constants in its file, their errmsg texts in group.errTexts.
//  2. Keeps each create/get/list/update/delete resource in a table
//     (table.go), described once by a resource: its id field and WeCom's
//     id format (prefix, length, alphabet), the errcode of an unknown id, a
//     quota, a validate hook (run on load, create, and update after the
//     patch), and, when only the creating app may change a resource, the
//     field recording that app. create, lookup, update (a patch applied to
//     a copy: nothing changes unless it validates), remove and page answer
//     WeCom's errcodes themselves.
//  3. Declares each handler on a typed request,
//     func (s *Server) name(c *call, req *T) (any, error), routed with
//     bound(s.name): the body (POST) or the query (GET) is decoded into T,
//     fields tagged wt:"required" (or wt:"required=41009") are checked, and
//     T's validate method runs, before the handler. The handler returns a
//     response struct (errcode and errmsg are added), nil for a bare
//     success, or an *apiError (errCode, errParam, errDetail). Mark a route
//     write: true when it changes state: it then runs under the store's
//     write lock, others under the read lock. Handlers never lock, may
//     return pointers into the store, and use c.now for times.
//  4. Pages in one line with table.page, or paginate over any slice in
//     sequence order: stateless cursors, checksummed and tied to the path
//     and the query values passed (50100 otherwise).
//  5. Schedules what WeCom does later (a mass message sent, a moment
//     published, a job's result) with st.schedule(at, fn) on the
//     simulator's clock (schedule.go).
//  6. Tells the callback what WeCom tells it (a chat created, a tag
//     deleted, a transfer refused) by emitting an event: c.emit(ev) in a
//     handler, st.emit(ev) in scheduled work or a back door (under the
//     write lock), with ev built by newEvent(at, "change_external_chat",
//     "update", text("ChatId", id), number("JoinScene", 1),
//     items("MemChangeList", ids...)). The framework delivers it,
//     encrypted, once the lock is released (events_outbox.go); never
//     deliver from under the lock.
//  7. Offers its back door as an exported type embedding backDoor, whose
//     write and read run under the store's lock after the due scheduled
//     work, and deliver the events emitted once it is released.
//  8. Is tested through plain HTTP in the group's _test.go (WeCom's
//     errcodes written as numbers) and through the SDK in a _sdk_test.go,
//     and registers a fidelity scenario per route (addFidelity, from an
//     init of its test file; fidelity_test.go): the calls whose answers
//     together carry every key path of WeCom's response example
//     (copied into testdata/worktest/examples) and of the catalogue row.
//     Routes() lists the routes; a test checks each against the pinned
//     catalogue, and work/crosscheck_test.go the write lock against the
//     SDK's retry class.
//
// The framework does the rest: faults, counting and logging, the method and
// token checks, JSON parsing, errcode/errmsg and WeCom's errmsg hint.
//
// A resource group in full, five endpoints in about a hundred lines
// (example_group_test.go runs the same group, without a fixture section):
//
//	type Memo struct {
//		MemoID       string `json:"memo_id"`
//		Text         string `json:"text"`
//		UserID       string `json:"userid"`
//		CreatedByApp string `json:"created_by_app,omitempty"`
//	}
//
//	type memoState struct{ memos *table[Memo] }
//
//	var memoGroup groupKey[memoState]
//
//	func init() {
//		memoGroup = addGroup(group[memoState]{
//			name:     "memo",
//			routes:   (*Server).memoRoutes,
//			state:    func() *memoState { return &memoState{memos: newTable(&memoResource)} },
//			load:     func(st *store, g *memoState, d *Data) error { return g.memos.load(st, d.Memos) },
//			snapshot: func(_ *store, g *memoState, d *Data) { d.Memos = g.memos.snapshot() },
//		})
//	}
//
//	var memoResource = resource[Memo]{
//		name: "memo", idField: "memo_id",
//		id:    func(m *Memo) *string { return &m.MemoID },
//		ids:   idFormat{prefix: "mm", n: 16},
//		quota: 100,
//		app:   func(m *Memo) *string { return &m.CreatedByApp },
//		validate: func(st *store, m *Memo, o op) error {
//			return checkRunes("text", m.Text, 20)
//		},
//	}
//
//	func (st *store) memos() *table[Memo] { return memoGroup.of(st).memos }
//
//	func (s *Server) memoRoutes() []route {
//		return []route{
//			{method: http.MethodPost, path: "demo/add_memo", write: true, handle: bound(s.addMemo)},
//			{method: http.MethodPost, path: "demo/list_memo", handle: bound(s.listMemo)},
//			{method: http.MethodPost, path: "demo/update_memo", write: true, handle: bound(s.updateMemo)},
//			// get_memo, del_memo …
//		}
//	}
//
//	type memoListReq struct {
//		UserID string `json:"userid"`
//		Cursor string `json:"cursor"`
//		Limit  int    `json:"limit" wt:"required"`
//	}
//
//	func (s *Server) listMemo(c *call, r *memoListReq) (any, error) {
//		page, next, err := c.st.memos().page(c, r.Cursor, r.Limit,
//			func(m *Memo) bool { return r.UserID == "" || m.UserID == r.UserID }, r.UserID)
//		return struct {
//			List       []*Memo `json:"memo_list"`
//			NextCursor string  `json:"next_cursor"`
//		}{page, next}, err
//	}
//
//	func (s *Server) updateMemo(c *call, r *memoReq) (any, error) {
//		_, err := c.st.memos().update(c.st, r.MemoID, c.app(), func(m *Memo) error {
//			if r.Text != nil {
//				m.Text = *r.Text
//			}
//			return nil
//		})
//		return nil, err
//	}
//
//	// Memos is the group's back door: sim.Memos().Add(…).
//	type Memos struct{ backDoor }
//
//	func (s *Server) Memos() Memos { return Memos{backDoor{s}} }
//
//	func (b Memos) Add(text, userID string) (id string, err error) {
//		err = b.write(func(st *store, now time.Time) error {
//			m, err := st.memos().create(st, &Memo{Text: text, UserID: userID}, "")
//			if err == nil {
//				id = m.MemoID
//			}
//			return err
//		})
//		return id, err
//	}
//
// To extend an existing entity, add fields (with WeCom's wire names as
// JSON tags) to its type; fixtures and Snapshot pick them up. Derived views
// (get_unassigned_list: the relations of resigned members) need no state of
// their own.
//
// # Examples
//
//   - ExampleNewServer: seed the simulator, point the SDK at it, inject a
//     failure, check the result and the calls made.
//   - ExampleServer_Clock_transfer: a transfer completes after 24 hours of
//     the simulator clock.
//   - ExampleServiceExternalUserID: the converted ids are functions of the
//     simulator's own, so a test can predict them.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/worktest -run '^ExampleNewServer$' -v
package worktest
