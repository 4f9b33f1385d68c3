// Preloaded into s3rver (node --require) to make two parts of CopyObject behave as S3 does, so the
// S3 adapter's copy is tested for real:
//
// 1. s3rver reads the x-amz-copy-source header with decodeURI, which leaves "%2F" encoded, while the AWS
//    SDKs send the source as "bucket%2Fkey" (URL-encoded, as S3 accepts). Decode the slash too.
// 2. s3rver ignores x-amz-copy-source-if-match. S3 refuses the copy with 412 PreconditionFailed when the
//    source's ETag is not the one given; the gallery relies on that to copy only the upload it checked.
const path = require("path");

const decode = globalThis.decodeURI;
globalThis.decodeURI = (text) => decode(text).replace(/%2F/gi, "/");

const s3rver = path.join(__dirname, "node_modules", "s3rver", "lib");
const S3Error = require(path.join(s3rver, "models", "error.js"));
const objects = require(path.join(s3rver, "controllers", "object.js"));
const copy = objects.putObjectCopy;

objects.putObjectCopy = async function putObjectCopyIfMatch(ctx) {
  const expected = ctx.headers["x-amz-copy-source-if-match"];
  if (expected) {
    let source = decodeURI(ctx.headers["x-amz-copy-source"]);
    source = source.startsWith("/") ? source.slice(1) : source;
    const [bucket, ...key] = source.split("/");
    const metadata = await ctx.store.getMetadata(bucket, key.join("/")).catch(() => undefined);
    const etag = metadata && metadata.etag;
    if (etag && etag.replace(/"/g, "") !== expected.replace(/"/g, "")) {
      throw new S3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", {
        Condition: "x-amz-copy-source-If-Match",
      });
    }
  }
  return copy(ctx);
};
