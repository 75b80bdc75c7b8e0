package server

import (
	"container/list"
	"sync"
)

// pageCache keeps rendered pages that many people open over and over (the congress list during
// congress season) together with the data version they were rendered at. A page is served from
// the cache only while the version is unchanged, so nobody ever sees a list older than the last
// committed change: the version is store.ListVersion, which database triggers move with every
// change to congresses, organizations, terms and users.
//
// Keys carry everything a page depends on besides the data: the user (name, role and scope in
// the layout and the query) and the normalised query string. Pages with a one-time flash message
// are never cached.
type pageCache struct {
	mu         sync.Mutex
	entries    map[string]*list.Element
	lru        list.List // front = most recently used; values are *cachedPage
	bytes      int
	maxBytes   int
	maxEntries int
}

// cachedPage is one rendered page.
type cachedPage struct {
	key     string
	version int64
	status  int
	body    []byte
}

func newPageCache(maxEntries, maxBytes int) *pageCache {
	return &pageCache{entries: map[string]*list.Element{}, maxEntries: maxEntries, maxBytes: maxBytes}
}

// get returns the page under key if it was rendered at version.
func (pc *pageCache) get(key string, version int64) (*cachedPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el, ok := pc.entries[key]
	if !ok {
		return nil, false
	}
	p := el.Value.(*cachedPage)
	if p.version != version {
		pc.remove(el)
		return nil, false
	}
	pc.lru.MoveToFront(el)
	return p, true
}

// put stores a page, evicting the least recently used ones past the bounds. A page bigger than a
// quarter of the budget is not kept: it would push out everything else.
func (pc *pageCache) put(p *cachedPage) {
	if len(p.body) > pc.maxBytes/4 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.entries[p.key]; ok {
		// A newer version replaces an older one; an older render (a slow request that read the
		// version before a write) never replaces a newer one.
		if el.Value.(*cachedPage).version > p.version {
			return
		}
		pc.remove(el)
	}
	pc.entries[p.key] = pc.lru.PushFront(p)
	pc.bytes += len(p.body)
	for pc.lru.Len() > pc.maxEntries || pc.bytes > pc.maxBytes {
		pc.remove(pc.lru.Back())
	}
}

func (pc *pageCache) remove(el *list.Element) {
	p := pc.lru.Remove(el).(*cachedPage)
	delete(pc.entries, p.key)
	pc.bytes -= len(p.body)
}

// len reports the number of pages held, for tests.
func (pc *pageCache) len() int {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.lru.Len()
}
