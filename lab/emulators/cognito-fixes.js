// Preloaded into cognito-local (node --require) so its OpenID discovery document tells the truth, as
// Cognito's does, and a client can take the pool's issuer from it:
//
// cognito-local 5.3.0 signs tokens with the issuer "<TokenConfig.IssuerDomain>/<pool>" from
// .cognito/config.json, but its /<pool>/.well-known/openid-configuration hard-codes
// "http://localhost:9229/<pool>" as the issuer (and as the base of jwks_uri), whatever the config and
// the port. Here the document names the configured issuer, and jwks_uri the address that actually
// serves the keys (the one the request came to).
const fs = require("fs");
const path = require("path");

const lib = path.join(__dirname, "node_modules", "cognito-local", "lib");
// The express instance cognito-local itself loads, so the patch below reaches its app.
const express = require(require.resolve("express", { paths: [path.join(lib, "server")] }));
const { DefaultConfig } = require(path.join(lib, "server", "config.js"));

const discoveryRoute = "/:userPoolId/.well-known/openid-configuration";

// cognito-local reads .cognito/config.json from its working folder and lays it over its defaults.
function issuerDomain() {
  let configured;
  try {
    configured = JSON.parse(fs.readFileSync(path.join(".cognito", "config.json"), "utf8"));
  } catch {
    configured = undefined;
  }
  return (configured && configured.TokenConfig && configured.TokenConfig.IssuerDomain) || DefaultConfig.TokenConfig.IssuerDomain;
}

function discovery(req, res) {
  const pool = req.params.userPoolId;
  res.status(200).json({
    id_token_signing_alg_values_supported: ["RS256"],
    jwks_uri: `${req.protocol}://${req.get("host")}/${pool}/.well-known/jwks.json`,
    issuer: `${issuerDomain()}/${pool}`,
  });
}

// express copies its application methods onto each app it creates, so replacing app.get here, before
// cognito-local creates its app, swaps in our handler for that one route and leaves every other alone.
const get = express.application.get;
express.application.get = function getWithTruthfulDiscovery(route, ...handlers) {
  if (route === discoveryRoute && handlers.length > 0) return get.call(this, route, discovery);
  return get.call(this, route, ...handlers);
};
