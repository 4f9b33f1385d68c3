// Where the gallery's API lives. This file is the only one a deployment rewrites.
//
// "" means "the same origin as this page": that is how the local host serves it
// (dotnet run --project lab/PhotoGallery.Local). On AWS the deploy step replaces this whole file with
// the API Gateway stage URL, e.g.:
//
//   export default { apiBaseUrl: "https://abc123.execute-api.us-east-1.amazonaws.com/prod" };
export default {
  apiBaseUrl: "",
};
