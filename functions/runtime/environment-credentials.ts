// What the bundles use in place of @aws-sdk/credential-provider-node (an esbuild alias set in
// infra/constructs/claims-function.ts): Lambda hands every function its execution role's
// credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, which is the
// first link of the SDK's default chain, the one that answers in Lambda. The rest of the chain
// (SSO, STS web identity, profiles, process, instance metadata) is never reached there and costs
// about 130 KB of every bundle (nested STS/SSO clients). Were the functions moved to a host that
// serves credentials another way (Lambda Managed Instances, containers), drop the alias.
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The signature of credential-provider-node's defaultProvider, as the clients call it. */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]): ReturnType<typeof fromEnv> =>
  fromEnv(init);
