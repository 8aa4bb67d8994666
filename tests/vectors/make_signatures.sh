#!/usr/bin/env bash
# Writes signatures.json: request bodies signed by the openssl CLI with the test keys in
# keys.json (RSASSA-PKCS1-v1_5, SHA-256, base64), plus signatures that must be rejected.
# Needs only openssl and jq. Run from anywhere: bash tests/vectors/make_signatures.sh
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The bodies, each written to $work/<name>.body exactly as it is signed.
body() { printf '%s' "$2" >"$work/$1.body"; echo "$1|$3" >>"$work/bodies"; }

body seed_init_payout_v2_as_documented '{
"payout_details": {
"type": "card",
"card": {
"type": "bank_card",
"bank_card": {
"number": "4242424242424242"
}
}
},
"amount_details": {
"amount": 1000,
"currency": "rub"
},
"participant_details": {
"recipient": {
"full_name": "Ivanov Ivan"
}
}
}' "session/init/payout (API v2) request body byte for byte as in the methods reference: newlines, no indentation"
body seed_init_payout_v2_compact '{"payout_details":{"type":"card","card":{"type":"bank_card","bank_card":{"number":"4242424242424242"}}},"amount_details":{"amount":1000,"currency":"rub"},"participant_details":{"recipient":{"full_name":"Ivanov Ivan"}}}' \
  "the same request serialized compactly: different bytes, so a different signature"
body fps_banks_empty_object '{}' "fps/banks: the empty JSON object sent as the body of the GET"
body empty_body '' "a zero-length body"
body seed_fps_verification_v1_utf8 '{"payment_method":{"type":"bank_account","bank_account":{"system_type":"faster_payment_system_verification","faster_payment_system_verification":{"phone":"79261234567","bank_id":"100000000069"}}},"participant_details":{"recipient":{"first_name":"Иван","last_name":"Иванов","middle_name":"Иванович"}}}' \
  "fps/customer_verification (API v1) request with Cyrillic names: the UTF-8 bytes are signed"
printf 'test\n' >"$work/format_page_myfile.body"
echo "format_page_myfile|the Format page's own example: myfile.txt made by 'echo test', i.e. 'test' and a newline" >>"$work/bodies"

keys=$(jq -r '.keys[].name' keys.json)
for k in $keys; do
  jq -r --arg k "$k" '.keys[] | select(.name == $k) | .private_pkcs8_pem' keys.json >"$work/$k.pkcs8.pem"
  jq -r --arg k "$k" '.keys[] | select(.name == $k) | .private_pkcs1_pem' keys.json >"$work/$k.pkcs1.pem"
  jq -r --arg k "$k" '.keys[] | select(.name == $k) | .public_spki_pem' keys.json >"$work/$k.pub.pem"
done

sign() { openssl dgst -sha256 -sign "$work/$1.pkcs8.pem" "$work/$2.body" | openssl base64 -A; }

: >"$work/cases.jsonl"
while IFS='|' read -r name what; do
  for k in $keys; do
    sig=$(sign "$k" "$name")
    # PKCS#1 v1.5 is deterministic: the PKCS#1 form of the same key must give the same bytes.
    sig1=$(openssl dgst -sha256 -sign "$work/$k.pkcs1.pem" "$work/$name.body" | openssl base64 -A)
    [ "$sig" = "$sig1" ] || { echo "PKCS#1 and PKCS#8 signatures differ for $k/$name" >&2; exit 1; }
    openssl dgst -sha256 -verify "$work/$k.pub.pem" -signature <(openssl base64 -d -A <<<"$sig") \
      "$work/$name.body" >/dev/null
    jq -n --arg name "${name}__$k" --arg description "$what; signed with $k" --arg key "$k" \
      --rawfile body "$work/$name.body" --arg signature "$sig" \
      --arg sha "$(openssl dgst -sha256 -r "$work/$name.body" | cut -d' ' -f1)" \
      --arg command "openssl dgst -sha256 -sign ${k}_private_pkcs8.pem body.bin | openssl base64 -A" \
      '{name: $name, description: $description, key: $key, body: $body, body_sha256: $sha,
        signature: $signature, command: $command,
        expected: {valid: true}}' >>"$work/cases.jsonl"
  done
done <"$work/bodies"

# Rejections: each signature below must fail verification with the given error code.
good=$(sign rsa2048 seed_init_payout_v2_compact)
other=$(sign rsa4096 seed_init_payout_v2_compact)
compact=$(cat "$work/seed_init_payout_v2_compact.body")
reject() {
  jq -n --arg name "$1" --arg description "$2" --arg key "$3" --arg body "$4" --arg signature "$5" \
    --arg command "$6" \
    '{name: $name, description: $description, key: $key, body: $body, signature: $signature,
      command: $command, expected: {valid: false, error_code: "signature_verification_error"}}' \
    >>"$work/cases.jsonl"
}
reject one_byte_changed "the compact body with amount 1000 changed to 1001 after signing" rsa2048 \
  "${compact/1000/1001}" "$good" "signature of the unchanged body: openssl dgst -sha256 -sign rsa2048_private_pkcs8.pem body.bin | openssl base64 -A"
reject trailing_newline_added "the compact body with a newline appended after signing" rsa2048 \
  "$compact"$'\n' "$good" "signature of the body without the newline"
reject wrong_key "signed with rsa4096, verified with rsa2048's public key" rsa2048 \
  "$compact" "$other" "openssl dgst -sha256 -sign rsa4096_private_pkcs8.pem body.bin | openssl base64 -A"
reject not_base64 "a signature that is not base64 at all" rsa2048 "$compact" "not base64!" "none"
reject empty_signature "an empty signature header" rsa2048 "$compact" "" "none"
reject truncated_signature "the valid signature cut to its first 100 characters" rsa2048 \
  "$compact" "${good:0:100}" "the valid signature, truncated"

jq -s '{description: "Request bodies and their base64 RSASSA-PKCS1-v1_5/SHA-256 signatures made by the openssl CLI with the test keys of keys.json (key = its name there); verify with that key'"'"'s public half. expected.valid true: pikepay must produce exactly `signature` for `body` (the UTF-8 bytes of the string, SHA-256 in body_sha256) and accept it; false: verification must fail with expected.error_code. Regenerate with make_signatures.sh.",
        cases: .}' "$work/cases.jsonl" >signatures.json
echo "wrote $(jq '.cases | length' signatures.json) cases to tests/vectors/signatures.json"
