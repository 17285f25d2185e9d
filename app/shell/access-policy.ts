// Who may make each call of the register API. Typed over the whole contract, so a new call does
// not compile until someone decides who may make it.
import type { RegisterApiMethod } from '../protocol/register-api.js';

/**
 * open: before anyone signs in (the status bar, the sign-in screen);
 * staff: any signed-in cashier or manager;
 * manager: a manager signed in, or a manager's PIN given with the call.
 */
export type Access = 'open' | 'staff' | 'manager';

export const ACCESS: { readonly [M in RegisterApiMethod]: Access } = {
  startup: 'open',
  status: 'open',
  lookupTitle: 'staff',
  sell: 'staff',
  pendingSales: 'staff',
  retryPending: 'staff',
  cancelPending: 'staff',
  finishPendingEventually: 'manager',
  getReceipt: 'staff',
  printReceipt: 'staff',
  returnItems: 'staff',
  availability: 'staff',
  receiveDelivery: 'staff',
  checkScan: 'staff',
  confirmCorrection: 'staff',
  declineCorrection: 'staff',
  stocktakeCurrent: 'staff',
  stocktakeStart: 'manager',
  stocktakeScan: 'staff',
  stocktakeSetCount: 'staff',
  stocktakeReport: 'staff',
  stocktakeCsv: 'staff',
  stocktakeCommit: 'manager',
  syncNow: 'staff',
  syncHistory: 'staff',
  setMode: 'manager',
  setSchedule: 'manager',
  enrol: 'manager',
  storeRegisters: 'manager',
  findReceipts: 'staff',
  returnableReceipt: 'staff',
  reconcileRefusedSale: 'staff',
  salesByDay: 'manager',
  catalogSections: 'staff',
  // Signing in, out and locking: the sign-in and lock screens work before anyone is signed in.
  staffSession: 'open',
  signIn: 'open',
  signOut: 'open',
  lock: 'open',
  managerApprove: 'open',
  firstManager: 'open',
  staffPolicy: 'staff',
  setStaffPolicy: 'manager',
  staffList: 'manager',
  staffAdd: 'manager',
  staffSetPin: 'manager',
  staffDisable: 'manager',
  activity: 'manager',
};
