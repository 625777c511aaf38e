package contactway_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/worktest"
)

// Callback settings of the examples (example values, not secrets).
const (
	exampleToken  = "campaignT0ken"
	exampleAESKey = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
)

// A campaign channel: a 「联系我」 QR code whose state names the campaign. A
// customer scans it (simulated by worktest, which plays WeCom), the
// add_external_contact event carries the state, the relation keeps it, and
// List finds the way.
func Example_campaignChannel() {
	sim := worktest.NewServer(worktest.WithSeed(7))
	defer sim.Close()
	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// The callback receiver of the app.
	h, err := callback.New(callback.Config{Token: exampleToken, EncodingAESKey: exampleAESKey, ReceiverIDs: []string{sim.CorpID}})
	if err != nil {
		log.Fatal(err)
	}
	h.OnAddExternalContact(func(ctx context.Context, e *callback.AddExternalContactEvent) error {
		fmt.Printf("event: %s added a customer through %q\n", e.UserID, e.State)
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	if err := sim.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: exampleToken, EncodingAESKey: exampleAESKey}); err != nil {
		log.Fatal(err)
	}

	// The campaign's QR code.
	way, err := app.ContactWay().Create(ctx, &contactway.CreateRequest{
		Type: contactway.Single, Scene: contactway.SceneQRCode,
		Users: []string{"zhangsan"}, State: "spring-expo", Remark: "春季展会海报",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("QR code:", way.QRCode != "")

	// A visitor scans the poster.
	added, err := sim.ContactWays().Scan(ctx, way.ConfigID, worktest.AddContact{})
	if err != nil {
		log.Fatal(err)
	}
	customer, err := app.ExternalContact().Get(ctx, added.ExternalUserID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("relation state:", customer.FollowUsers[0].State)

	// The campaign's ways, from List (the last 90 days by default).
	for w, err := range app.ContactWay().ListAll(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		got, err := app.ContactWay().Get(ctx, w.ConfigID)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("listed: %s, state %q\n", got.Remark, got.State)
	}
	// Output:
	// QR code: true
	// event: zhangsan added a customer through "spring-expo"
	// relation state: spring-expo
	// listed: 春季展会海报, state "spring-expo"
}

// Updates overwrite: what a request leaves at its zero value stays as it
// is, and only the fields listed in Clear are emptied.
func ExampleClient_Update() {
	app, sim := newExampleApp()
	defer sim.Close()
	ctx := context.Background()
	way, err := app.ContactWay().Create(ctx, &contactway.CreateRequest{Type: contactway.Multi, Scene: contactway.SceneQRCode,
		Users: []string{"zhangsan", "lisi"}, State: "expo", Remark: "展会"})
	if err != nil {
		log.Fatal(err)
	}

	// New members; remark and state are left as they are.
	err = app.ContactWay().Update(ctx, &contactway.UpdateRequest{ConfigID: way.ConfigID, Users: []string{"wangwu"}})
	if err != nil {
		log.Fatal(err)
	}
	got, _ := app.ContactWay().Get(ctx, way.ConfigID)
	fmt.Printf("%v %q %q\n", got.Users, got.Remark, got.State)

	// The remark removed, explicitly.
	err = app.ContactWay().Update(ctx, &contactway.UpdateRequest{ConfigID: way.ConfigID,
		Clear: []contactway.Field{contactway.FieldRemark}})
	if err != nil {
		log.Fatal(err)
	}
	got, _ = app.ContactWay().Get(ctx, way.ConfigID)
	fmt.Printf("%v %q %q\n", got.Users, got.Remark, got.State)
	// Output:
	// [wangwu] "展会" "expo"
	// [wangwu] "" "expo"
}

// Bad arguments are refused before anything is sent, naming the call and
// the wire field.
func ExampleClient_Create_validation() {
	app, sim := newExampleApp()
	defer sim.Close()
	_, err := app.ContactWay().Create(context.Background(), &contactway.CreateRequest{
		Type: contactway.Single, Scene: contactway.SceneQRCode, Users: []string{"zhangsan", "lisi"}})
	var ae *core.ArgError
	fmt.Println(errors.As(err, &ae), ae.Field)
	fmt.Println(err)
	fmt.Println("requests sent:", sim.Count("externalcontact/add_contact_way"), sim.Count("gettoken"))
	// Output:
	// true user
	// wecom: externalcontact/add_contact_way: invalid user: has 2 members, a type 1 (single) way takes exactly one
	// requests sent: 0 0
}

// A temporary session (临时会话): a one-time QR code; the customer who
// scans it chats with the member until the session ends, here closed
// early by CloseTempChat.
func ExampleClient_CloseTempChat() {
	app, sim := newExampleApp()
	defer sim.Close()
	ctx := context.Background()
	way, err := app.ContactWay().Create(ctx, &contactway.CreateRequest{Type: contactway.Single, Scene: contactway.SceneQRCode,
		Users: []string{"lisi"}, IsTemp: true, ExpiresIn: 3600, ChatExpiresIn: 2 * 3600})
	if err != nil {
		log.Fatal(err)
	}
	added, err := sim.ContactWays().Scan(ctx, way.ConfigID, worktest.AddContact{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("close:", app.ContactWay().CloseTempChat(ctx, "lisi", added.ExternalUserID))
	err = app.ContactWay().CloseTempChat(ctx, "lisi", added.ExternalUserID)
	var api *core.APIError
	fmt.Println("again:", errors.As(err, &api), api.Code)
	// Output:
	// close: <nil>
	// again: true 40058
}

// A 「加入群聊」 QR code in front of a group chat: a customer joins through
// it and the chat's member carries the way's state.
func ExampleGroupChatWayClient_Create() {
	app, sim := newExampleApp()
	defer sim.Close()
	ctx := context.Background()
	chat := sim.Snapshot().GroupChats[0]

	created, err := app.GroupChatWay().Create(ctx, &contactway.CreateJoinWayRequest{
		Scene: contactway.JoinSceneQRCode, ChatIDs: []string{chat.ChatID}, State: "after-sales",
		RoomBaseName: "售后群", RoomBaseID: 2,
	})
	if err != nil {
		log.Fatal(err)
	}
	way, err := app.GroupChatWay().Get(ctx, created.ConfigID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("QR code:", way.QRCode != "", "auto_create_room:", way.AutoCreateRoom)

	joined, err := sim.JoinWays().Join(ctx, created.ConfigID, worktest.JoinChat{})
	if err != nil {
		log.Fatal(err)
	}
	gc, err := app.ExternalContact().GetGroupChat(ctx, joined.ChatID, false)
	if err != nil {
		log.Fatal(err)
	}
	m := gc.Members[len(gc.Members)-1]
	fmt.Println(m.UserID == joined.ExternalUserID, m.JoinScene, m.State)
	// Output:
	// QR code: true auto_create_room: true
	// true qrcode after-sales
}

func newExampleApp() (*work.App, *worktest.Server) {
	sim := worktest.NewServer(worktest.WithSeed(9))
	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	return app, sim
}
