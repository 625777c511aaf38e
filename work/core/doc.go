// Package core is the HTTP layer every WeCom service package builds on: the
// client that adds the token, encodes bodies once, checks errcode and decodes
// typed results; the access-token provider and its cache; the error types and
// sentinels; the retry policy; and the pagination iterator.
//
// It knows no service. A service declares its endpoints as Endpoint values
// (Read, ReadPost or Write, which states whether a call may be re-sent) and
// calls Do, which returns the decoded answer (or Client.Call, to decode into
// a value of its own or to check errcode only):
//
//	var epGet = core.Read("externalcontact/get")
//
//	func (c *Client) Get(ctx context.Context, id string) (*Contact, error) {
//		if err := core.Required("external_userid", id); err != nil {
//			return nil, err
//		}
//		return core.Do[Contact](ctx, c.core, epGet, url.Values{"external_userid": {id}}, nil)
//	}
//
// # Security
//
// The access_token and the corp secret travel in the query string. Errors
// never show a URL's query (Go's *url.Error would), redirects to another host
// are refused (Go would send the old URL as the Referer), and the token cache
// key holds a hash of the secret, never the secret.
package core
