// IAM policy evaluation for the rehearsal, with @cloud-copilot/iam-simulate (so nobody hand-writes an
// evaluator). Long-lived: the rehearsal's PolicyEvaluator starts one, writes one JSON request per line on
// standard input and reads one JSON answer per line on standard output, matched by id:
//
//   in:  {"id":1,"policies":[{...policy document...}],"principal":"arn:aws:sts::...:assumed-role/R/F",
//         "action":"s3:GetObject","resource":"arn:aws:s3:::b/k","accountId":"123456789012","context":{}}
//   out: {"id":1,"decision":"Allowed"}   (or "ImplicitlyDenied", "ExplicitlyDenied", "Error" with "error")
//
// Requests are evaluated concurrently, so answers may come out of order. The first line written is
// {"ready":true}: nothing is read before it, because exit-with-parent.js (preloaded) has standard input
// flowing already and would drop lines that arrive while this module loads.
import { createInterface } from "node:readline";
import { runSimulation } from "@cloud-copilot/iam-simulate";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (line.trim() === "") return;
  answer(line).then((reply) => process.stdout.write(JSON.stringify(reply) + "\n"));
});
process.stdout.write(JSON.stringify({ ready: true }) + "\n");

async function answer(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (error) {
    return { id: null, decision: "Error", error: `not a JSON line: ${error.message}` };
  }
  try {
    return { id: request.id, ...(await evaluate(request)) };
  } catch (error) {
    return { id: request.id, decision: "Error", error: String(error && error.stack ? error.stack : error) };
  }
}

async function evaluate({ policies, principal, action, resource, accountId, context }) {
  const result = await runSimulation(
    {
      identityPolicies: (policies ?? []).map((policy, index) => ({ name: `policy${index + 1}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: { principal, action, resource: { resource, accountId }, contextVariables: context ?? {} },
    },
    {},
  );
  if (result.resultType === "error") return { decision: "Error", error: describe(result.errors) };
  return { decision: result.overallResult };
}

// The library reports codes such as "must.use.wildcard" or "invalid.action", plus per-policy errors.
function describe(errors) {
  const details = Object.entries(errors ?? {})
    .filter(([key]) => key !== "message")
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return [errors?.message ?? "simulation error", ...details].join("; ");
}
