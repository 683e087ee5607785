import { Outlet } from '@tanstack/react-router';
import { FilterBar } from './filter-bar.tsx';
import { PeriodPicker } from './period-picker.tsx';

export function DashboardLayout() {
  return (
    <>
      <div className="dashboard-bar">
        <div className="dashboard-bar-inner">
          <PeriodPicker />
          <FilterBar />
        </div>
      </div>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
