package wecomredis_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	wecomredis "github.com/wecomkit/wecom/redis"
)

func TestCacheOperations(t *testing.T) {
	rdb := newRedisClient(t, redisAddr(t))
	prefix := testPrefix(t)
	s, err := wecomredis.New(rdb, wecomredis.Options{Prefix: prefix})
	require.NoError(t, err)
	c := s.TokenCache()

	_, ok, err := c.Get(bg, "k")
	require.NoError(t, err)
	assert.False(t, ok, "a missing key is no error")
	require.NoError(t, c.Set(bg, "k", "v1", time.Minute))
	v, ok, err := c.Get(bg, "k")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "v1", v)
	assert.Equal(t, "v1", rdb.Get(bg, prefix+"k").Val(), "stored under the prefix")
	ttl := rdb.PTTL(bg, prefix+"k").Val()
	assert.Greater(t, ttl, 59*time.Second)
	assert.LessOrEqual(t, ttl, time.Minute)

	deleted, err := c.CompareAndDelete(bg, "k", "v0")
	require.NoError(t, err)
	assert.False(t, deleted, "another value stays")
	deleted, err = c.CompareAndDelete(bg, "k", "v1")
	require.NoError(t, err)
	assert.True(t, deleted)
	_, ok, _ = c.Get(bg, "k")
	assert.False(t, ok)

	require.NoError(t, c.Set(bg, "k", "v2", time.Minute))
	require.NoError(t, c.Set(bg, "k", "v3", 0))
	_, ok, _ = c.Get(bg, "k")
	assert.False(t, ok, "ttl 0 deletes")
	require.NoError(t, c.Set(bg, "k", "v4", time.Minute))
	require.NoError(t, c.Delete(bg, "k"))
	require.NoError(t, c.Delete(bg, "k"), "deleting a missing key is no error")
	_, ok, _ = c.Get(bg, "k")
	assert.False(t, ok)
}
