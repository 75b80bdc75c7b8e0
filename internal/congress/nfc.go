package congress

import "golang.org/x/text/unicode/norm"

// nfc normalizes user text so that the same name typed on two keyboards is stored the same way.
func nfc(s string) string { return norm.NFC.String(s) }
