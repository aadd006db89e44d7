// The CDK application: one stack, environment-agnostic unless the deployment settings name an
// account or region (no account needed to synthesize), checked by cdk-nag's AWS Solutions and HIPAA Security packs on every synth.
import { pathToFileURL } from 'node:url';
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import {
  contextSettings,
  readDeploymentSettings,
  STACK_NAME,
} from './deploy/deployment-settings.ts';
import { ClearinghouseStack } from './stacks/clearinghouse-stack.ts';

export const stackName = STACK_NAME;

export function createApp(props: AppProps = {}): { app: App; stack: ClearinghouseStack } {
  const app = new App(props);
  // the deployment's settings (stage, region, egress, WAF limits): cdk.json context `clearinghouse`
  const deployment = readDeploymentSettings(contextSettings((key) => app.node.tryGetContext(key)));
  const environment =
    deployment.account !== undefined || deployment.region !== undefined
      ? { env: { account: deployment.account, region: deployment.region } }
      : {};
  const stack = new ClearinghouseStack(app, stackName, {
    description: 'Serverless medical claims clearinghouse (PHI: deploy only under a BAA)',
    deployment,
    ...environment,
  });
  // Any unacknowledged finding (error or warning) stops synthesis; each acknowledgement sits
  // next to its resource with its reason, and is copied into the template's Metadata (audit).
  const nag = { verbose: true, writeSuppressionsToCloudFormation: true };
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, nag),
    new HIPAASecurityChecks(app, nag),
  );
  return { app, stack };
}

// Synthesize only when run as the CDK app (`cdk synth`), not when a test imports createApp.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  createApp().app.synth();
}
