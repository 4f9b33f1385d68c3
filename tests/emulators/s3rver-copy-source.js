// Preloaded into s3rver (node --require). s3rver reads the x-amz-copy-source header with decodeURI,
// which leaves "%2F" encoded, while the AWS SDKs send the source as "bucket%2Fkey" (URL-encoded, as S3
// accepts). Decoding the slash too makes CopyObject work against s3rver as it does against S3.
const decode = globalThis.decodeURI;
globalThis.decodeURI = (text) => decode(text).replace(/%2F/gi, "/");
