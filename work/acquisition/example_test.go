package acquisition_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/acquisition"
	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/worktest"
)

// A link for a spring campaign: put it in a Douyin ad with a channel, a
// customer comes through it, the add_external_contact event arrives with the
// channel as its state, and the link's statistics move.
//
// The simulator plays WeCom and the customer (worktest.Server.Acquisition);
// in production, the customer is real and the event reaches your callback
// URL.
func Example() {
	sim := worktest.NewServer(worktest.WithSeed(7))
	defer sim.Close()
	cfg := sim.Config()
	cfg.Now = sim.Clock().Now // Statistic's window is checked against the simulator's clock
	app, err := work.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// The callback receiver, as your service runs it.
	const token, aesKey = "exampleT0ken", "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: aesKey, ReceiverIDs: []string{sim.CorpID}})
	if err != nil {
		log.Fatal(err)
	}
	h.OnAddExternalContact(func(ctx context.Context, e *callback.AddExternalContactEvent) error {
		fmt.Printf("event: %s added a customer from channel %q\n", e.UserID, e.State)
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	if err := sim.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: token, EncodingAESKey: aesKey}); err != nil {
		log.Fatal(err)
	}

	ca := app.CustomerAcquisition()
	link, err := ca.CreateLink(ctx, &acquisition.CreateLinkRequest{
		Name:  "春季抖音投放",
		Range: acquisition.Range{UserIDs: []string{"zhangsan", "lisi"}},
	})
	if errors.Is(err, acquisition.ErrAppNotAllowed) {
		log.Fatal("use a self-built app's secret, not the 客户联系 secret: ", err)
	}
	if err != nil {
		log.Fatal(err)
	}
	adURL, err := link.ChannelURL("douyin-spring")
	if err != nil {
		log.Fatal(err)
	}

	// A WeChat user taps the ad.
	if _, err := sim.Acquisition().Open(ctx, adURL, worktest.AcquisitionVisitor{Name: "林小姐"}); err != nil {
		log.Fatal(err)
	}

	for c, err := range ca.CustomersAll(ctx, &acquisition.CustomersRequest{LinkID: link.LinkID}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("customer of %s via %q, chat %s\n", c.UserID, c.State, c.ChatStatus)
	}
	today := sim.Clock().Now()
	st, err := ca.Statistic(ctx, &acquisition.StatisticRequest{LinkID: link.LinkID, Start: today.AddDate(0, 0, -6), End: today})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("last 7 days: %d clicked, %d added\n", st.ClickCount, st.NewCustomerCount)
	q, err := ca.Quota(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("quota: %d of %d left, %d expiring within 30 days\n", q.Balance, q.Total, q.ExpiringBy(today.Add(30*24*time.Hour)))
	// Output:
	// event: zhangsan added a customer from channel "douyin-spring"
	// customer of zhangsan via "douyin-spring", chat not started
	// last 7 days: 1 clicked, 1 added
	// quota: 99 of 100 left, 0 expiring within 30 days
}

// The URL to give out with a channel, and the weixin:// scheme that opens
// it in WeChat directly.
func ExampleChannelURL() {
	u, err := acquisition.ChannelURL("https://work.weixin.qq.com/ca/cawcde5c4e8f7a2b91", "抖音 五一")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u)
	s, err := acquisition.SchemeURL("https://work.weixin.qq.com/ca/caXXXXX", "WORK")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s)
	// Output:
	// https://work.weixin.qq.com/ca/cawcde5c4e8f7a2b91?customer_channel=%E6%8A%96%E9%9F%B3+%E4%BA%94%E4%B8%80
	// weixin://biz/ww/profile/https%3A%2F%2Fwork.weixin.qq.com%2Fca%2FcaXXXXX%3Fcustomer_channel%3DWORK
}
