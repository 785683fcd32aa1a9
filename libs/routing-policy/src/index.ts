export { RoutingPolicyModule } from './routing-policy.module';
