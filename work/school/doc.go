// Package school wraps the 家校沟通 (home–school) calls that live in
// WeCom's external-contact namespace: the 「学校通知」 subscription (the QR
// code parents scan, and whether they may join by scanning) and school
// notices to parents and students (发送「学校通知」, externalcontact/message/send).
//
// The 家校通讯录 itself (classes, students, parents: cgi-bin/school/…) is
// not here; it is not part of 客户联系.
//
// Get a Client from work.App.School. Method names follow EasyWeChat's
// school client where it has the call (GetSubscribeQRCode, SetSubscribeMode,
// GetSubscribeMode), and WxJava's otherwise (sendSchoolContactMessage is
// SendMessage); each method's doc comment names the WeCom path and both.
//
// # Notices are sent once
//
// SendMessage is never re-sent by the SDK, not even after errcode -1 (系统
// 繁忙): a duplicated notice reaches every family twice. When its error
// matches core.ErrUnknownOutcome, the notice may have gone out. WeCom's own
// guard is EnableDuplicateCheck: the same notice sent again within
// DuplicateCheckInterval (default 30 minutes, at most 4 hours) is dropped,
// so sending a notice again with EnableDuplicateCheck after an unknown
// outcome makes WeCom drop it if the first one went out.
//
//	res, err := app.School().SendMessage(ctx, &school.MessageRequest{
//		AgentID:          1000005,
//		ToStudentUserIDs: []string{"student_zhangxiaoming"}, // their parents receive it
//		Message:          school.NewText("明天春游，请带好水杯。"),
//		EnableDuplicateCheck: true,
//	})
//	for _, r := range res.Invalid() { ... } // unknown or out-of-range recipients
//
// RecvScope says who in a family receives it: ToParents (the default:
// parents listed, and the parents of the students and classes listed),
// ToStudents, or both. At least one recipient list or ToAll is needed;
// WeCom ignores to_parent_userid with ToStudents, so the SDK refuses it.
// The answer's invalid_* lists are results per recipient: the notice went
// to every other one.
//
// # Examples
//
//   - ExampleClient_SendMessage: a notice to the parents of two students, one
//     unknown to the 家校通讯录: the answer names it, the others got it.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/school -run '^ExampleClient_SendMessage$' -v
package school
