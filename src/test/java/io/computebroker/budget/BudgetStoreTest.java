package io.computebroker.budget;

import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetStoreTest {
    static final long USD = 1_000_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aRequestGetsItsTenantsKeysFeaturesAndRunsBudgetsAndNobodyElses(String kind) {
        try (Database db = TestStores.open(kind)) {
            BudgetStore store = new BudgetStore(db);
            Budget tenant = store.create(BudgetSpec.tenant("acme", TimeWindow.MONTH, 100 * USD));
            Budget tenantDaily = store.create(BudgetSpec.tenant("acme", TimeWindow.DAY, 10 * USD).withSoft(8 * USD));
            Budget key = store.create(new BudgetSpec("acme", Scope.KEY, "key_a", TimeWindow.DAY, 5 * USD, null, BudgetAction.DOWNGRADE));
            Budget feature = store.create(new BudgetSpec("acme", Scope.FEATURE, "search", TimeWindow.TOTAL, 50 * USD, null, null));
            Budget run = store.create(new BudgetSpec("acme", Scope.RUN, "run-7", TimeWindow.TOTAL, USD, null, null));
            // Look-alikes that must not match: same tags in another tenant, another key, another tenant.
            store.create(new BudgetSpec("globex", Scope.FEATURE, "search", TimeWindow.TOTAL, USD, null, null));
            store.create(new BudgetSpec("globex", Scope.RUN, "run-7", TimeWindow.TOTAL, USD, null, null));
            store.create(new BudgetSpec(null, Scope.KEY, "key_b", TimeWindow.DAY, USD, null, null));
            store.create(BudgetSpec.tenant("globex", TimeWindow.MONTH, USD));

            assertThat(store.applicable("acme", "key_a", "search", "run-7"))
                    .containsExactlyInAnyOrder(tenant, tenantDaily, key, feature, run);
            assertThat(store.applicable("acme", "key_c", null, null)).containsExactlyInAnyOrder(tenant, tenantDaily);
            assertThat(store.applicable("acme", null, "other", "run-8")).containsExactlyInAnyOrder(tenant, tenantDaily);
            assertThat(store.applicable("initech", "key_x", "search", "run-7")).isEmpty();
            assertThat(store.list()).hasSize(9);
            assertThat(key.action()).isEqualTo(BudgetAction.DOWNGRADE);
            assertThat(tenantDaily.softNusd()).isEqualTo(8 * USD);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void settingTheSameTargetAgainUpdatesItInPlaceAndDeleteRemovesIt(String kind) {
        try (Database db = TestStores.open(kind)) {
            BudgetStore store = new BudgetStore(db);
            Budget first = store.create(new BudgetSpec("acme", Scope.FEATURE, "search", TimeWindow.DAY, 5 * USD, null, null));
            Budget again = store.create(new BudgetSpec("acme", Scope.FEATURE, "search", TimeWindow.DAY, 7 * USD, 6 * USD, BudgetAction.DOWNGRADE));
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.limitNusd()).isEqualTo(7 * USD);
            assertThat(again.softNusd()).isEqualTo(6 * USD);
            assertThat(store.list()).containsExactly(again);
            // Another window or another tenant is another budget.
            store.create(new BudgetSpec("acme", Scope.FEATURE, "search", TimeWindow.MONTH, 5 * USD, null, null));
            store.create(new BudgetSpec("globex", Scope.FEATURE, "search", TimeWindow.DAY, 5 * USD, null, null));
            assertThat(store.list()).hasSize(3);
            assertThat(store.delete(first.id())).isTrue();
            assertThat(store.delete(first.id())).isFalse();
            assertThat(store.applicable("acme", null, "search", null)).extracting(Budget::window).containsExactly(TimeWindow.MONTH);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void definitionsAreCachedOnTheRequestPathAndOwnChangesAreSeenAtOnce(String kind) {
        try (Database db = TestStores.open(kind)) {
            BudgetStore node = new BudgetStore(db);
            BudgetStore cli = new BudgetStore(db);
            assertThat(node.applicable("acme", "key_a", null, null)).isEmpty();
            Budget b = cli.create(BudgetSpec.tenant("acme", TimeWindow.DAY, USD));
            // Another process's change waits for the cache to expire (5 s); this process's is immediate.
            assertThat(node.applicable("acme", "key_a", null, null)).isEmpty();
            assertThat(cli.applicable("acme", "key_a", null, null)).containsExactly(b);
            node.delete("no-such-budget");
            assertThat(node.applicable("acme", "key_a", null, null)).containsExactly(b);
            assertThat(BudgetStore.CACHE_TTL.toSeconds()).isBetween(1L, 10L);
            assertThat(List.of(cli.delete(b.id()))).containsExactly(true);
            assertThat(cli.applicable("acme", "key_a", null, null)).isEmpty();
        }
    }
}
