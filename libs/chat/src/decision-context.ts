// What a decision may know besides the text: the day's cloud spend when the policy has a budget,
// and the calling key's attributes (and its own spend when it has a budget).
import type { DecisionContext, Policy } from '@app/routing-policy';
import type { BudgetService } from './budget.service';
import type { ChatKey } from './chat.types';

export async function spendAndKeyContext(
  policy: Policy,
  budget: BudgetService,
  key: ChatKey | null | undefined,
): Promise<DecisionContext> {
  const hasBudget = policy.budget.cloud_usd_per_day !== null;
  const keyHasBudget = key != null && key.daily_cloud_usd !== null && !key.local_only;
  // An unknown spend leaves the budget rule unable to fire rather than failing the request; the
  // two sums are asked for together.
  const [spend, keySpend] = await Promise.all([
    hasBudget ? budget.cloudSpendToday().catch(() => undefined) : undefined,
    keyHasBudget ? budget.cloudSpendToday(new Date(), key.id).catch(() => undefined) : undefined,
  ]);
  return {
    ...(spend === undefined ? {} : { cloudSpendTodayUsd: spend }),
    ...(key == null
      ? {}
      : {
          key: {
            local_only: key.local_only,
            daily_cloud_usd: key.daily_cloud_usd,
            ...(keySpend === undefined ? {} : { cloud_spend_today_usd: keySpend }),
          },
        }),
  };
}
