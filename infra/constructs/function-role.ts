// A Lambda execution role whose permissions all live in one customer-managed policy instead of
// inline policies (HIPAA Security pack: IAMNoInlinePolicy). Every grant made through CDK
// (`grant*`, tracing, event sources) lands in that policy, so least privilege stays reviewable
// in one document per function.
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

export interface FunctionRoleProps {
  readonly description?: string;
}

export class FunctionRole extends iam.Role {
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: FunctionRoleProps = {}) {
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', { roles: [this] });
  }

  override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.policy.addStatements(statement);
    // The function depends on the policy, so it is never invoked before its permissions exist.
    return { statementAdded: true, policyDependable: this.policy };
  }
}
