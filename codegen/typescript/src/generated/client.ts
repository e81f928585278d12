/* Generated from codegen/openrpc.json by `jidocode codegen`. Do not edit. */

import type * as T from "./types.js";
import {
  Transport,
  type CallOptions,
  type ClientOptions,
  type CommonFailure,
  type Outcome,
  type RpcFailure,
} from "../runtime.js";
import { subscribe as subscribeTopic, type SubscribeOptions } from "../events.js";

/** The inventory version (info.version) this client was generated for. */
export const INVENTORY_VERSION = 2;

/** Each method's auth, action group and idempotency, from the schema. */
export const METHODS = {
  "accounts.bootstrap_owner": { auth: "anonymous", group: 1, idempotent: false },
  "accounts.change_password": { auth: "session|token", group: 1, idempotent: false },
  "accounts.create_api_key": { auth: "session|token", group: 1, idempotent: false },
  "accounts.list_api_keys": { auth: "api_key|session|token", group: 1, idempotent: true },
  "accounts.list_tokens": { auth: "api_key|session|token", group: 1, idempotent: true },
  "accounts.me": { auth: "api_key|session|token", group: 1, idempotent: true },
  "accounts.revoke_api_key": { auth: "api_key|session|token", group: 1, idempotent: false },
  "accounts.revoke_token": { auth: "api_key|session|token", group: 1, idempotent: false },
  "accounts.sign_in": { auth: "anonymous", group: 1, idempotent: false },
  "accounts.sign_out": { auth: "session|token", group: 1, idempotent: true },
  "agents.delete_config": { auth: "api_key|session|token", group: 7, idempotent: false },
  "agents.get_config": { auth: "api_key|session|token", group: 7, idempotent: true },
  "agents.list_configs": { auth: "api_key|session|token", group: 7, idempotent: true },
  "agents.set_enabled": { auth: "api_key|session|token", group: 7, idempotent: true },
  "agents.upsert_config": { auth: "api_key|session|token", group: 7, idempotent: true },
  "events.list": { auth: "api_key|session|token", group: 3, idempotent: true },
  "forge.apply_input": { auth: "api_key|session|token", group: 8, idempotent: false },
  "forge.cancel_session": { auth: "api_key|session|token", group: 8, idempotent: false },
  "forge.complete_session": { auth: "api_key|session|token", group: 8, idempotent: false },
  "forge.create_checkpoint": { auth: "api_key|session|token", group: 8, idempotent: false },
  "forge.exec": { auth: "api_key|session|token", group: 8, idempotent: false },
  "forge.get_exec": { auth: "api_key|session|token", group: 8, idempotent: true },
  "forge.get_session": { auth: "api_key|session|token", group: 8, idempotent: true },
  "forge.list_events": { auth: "api_key|session|token", group: 8, idempotent: true },
  "forge.list_sessions": { auth: "api_key|session|token", group: 8, idempotent: true },
  "forge.restore_checkpoint": { auth: "api_key|session|token", group: 8, idempotent: false },
  "forge.start_session": { auth: "api_key|session|token", group: 8, idempotent: false },
  "github.get_delivery": { auth: "api_key|session|token", group: 6, idempotent: true },
  "github.get_issue_analysis": { auth: "api_key|session|token", group: 6, idempotent: true },
  "github.list_deliveries": { auth: "api_key|session|token", group: 6, idempotent: true },
  "github.list_issue_analyses": { auth: "api_key|session|token", group: 6, idempotent: true },
  "github.list_repos": { auth: "api_key|session|token", group: 6, idempotent: true },
  "github.reprocess_delivery": { auth: "api_key|session|token", group: 6, idempotent: false },
  "github.set_webhook_secret": { auth: "api_key|session|token", group: 6, idempotent: false },
  "orchestration.approve_run": { auth: "api_key|session|token", group: 4, idempotent: false },
  "orchestration.cancel_run": { auth: "api_key|session|token", group: 3, idempotent: false },
  "orchestration.create_definition": { auth: "api_key|session|token", group: 3, idempotent: false },
  "orchestration.get_artifact": { auth: "api_key|session|token", group: 3, idempotent: true },
  "orchestration.get_definition": { auth: "api_key|session|token", group: 3, idempotent: true },
  "orchestration.get_pull_request": { auth: "api_key|session|token", group: 5, idempotent: true },
  "orchestration.get_run": { auth: "api_key|session|token", group: 3, idempotent: true },
  "orchestration.list_artifacts": { auth: "api_key|session|token", group: 3, idempotent: true },
  "orchestration.list_definitions": { auth: "api_key|session|token", group: 3, idempotent: true },
  "orchestration.list_pending_approvals": { auth: "api_key|session|token", group: 4, idempotent: true },
  "orchestration.list_pull_requests": { auth: "api_key|session|token", group: 5, idempotent: true },
  "orchestration.list_run_events": { auth: "api_key|session|token", group: 3, idempotent: true },
  "orchestration.list_runs": { auth: "api_key|session|token", group: 3, idempotent: true },
  "orchestration.list_step_runs": { auth: "api_key|session|token", group: 3, idempotent: true },
  "orchestration.reject_run": { auth: "api_key|session|token", group: 4, idempotent: false },
  "orchestration.retry_run": { auth: "api_key|session|token", group: 3, idempotent: false },
  "orchestration.start_run": { auth: "api_key|session|token", group: 3, idempotent: false },
  "orchestration.sync_pull_request": { auth: "api_key|session|token", group: 5, idempotent: true },
  "orchestration.update_definition": { auth: "api_key|session|token", group: 3, idempotent: false },
  "projects.bind_secret": { auth: "api_key|session|token", group: 2, idempotent: false },
  "projects.get": { auth: "api_key|session|token", group: 2, idempotent: true },
  "projects.import": { auth: "api_key|session|token", group: 2, idempotent: true },
  "projects.list": { auth: "api_key|session|token", group: 2, idempotent: true },
  "projects.list_accessible_repositories": { auth: "api_key|session|token", group: 2, idempotent: true },
  "projects.list_secret_bindings": { auth: "api_key|session|token", group: 2, idempotent: true },
  "projects.sync": { auth: "api_key|session|token", group: 2, idempotent: false },
  "projects.unbind_secret": { auth: "api_key|session|token", group: 2, idempotent: false },
  "projects.update": { auth: "api_key|session|token", group: 2, idempotent: true },
  "projects.workspace_status": { auth: "api_key|session|token", group: 2, idempotent: true },
  "rpc.discover": { auth: "anonymous", group: 1, idempotent: true },
  "setup.complete_onboarding": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.get_config": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.get_sealing_key": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.list_provider_credentials": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.list_secret_audits": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.list_secrets": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.put_secret": { auth: "api_key|session|token", group: 1, idempotent: false },
  "setup.remove_provider_credential": { auth: "api_key|session|token", group: 1, idempotent: false },
  "setup.revoke_secret": { auth: "api_key|session|token", group: 1, idempotent: false },
  "setup.rewrap_secrets": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.rotate_secret": { auth: "api_key|session|token", group: 1, idempotent: false },
  "setup.run_checks": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.save_step": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.set_provider_credential": { auth: "api_key|session|token", group: 1, idempotent: false },
  "setup.status": { auth: "anonymous", group: 1, idempotent: true },
  "setup.update_config": { auth: "api_key|session|token", group: 1, idempotent: true },
  "setup.verify_provider_credential": { auth: "api_key|session|token", group: 1, idempotent: true },
  "system.ping": { auth: "anonymous", group: 1, idempotent: true },
  "system.version": { auth: "anonymous", group: 1, idempotent: true },
} as const;

export type MethodName = keyof typeof METHODS;

/** What `accounts.bootstrap_owner` may fail with; narrow on `kind`. */
export type AccountsBootstrapOwnerFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `accounts.change_password` may fail with; narrow on `kind`. */
export type AccountsChangePasswordFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.RateLimitedErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `accounts.create_api_key` may fail with; narrow on `kind`. */
export type AccountsCreateApiKeyFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `accounts.list_api_keys` may fail with; narrow on `kind`. */
export type AccountsListApiKeysFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `accounts.list_tokens` may fail with; narrow on `kind`. */
export type AccountsListTokensFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `accounts.me` may fail with; narrow on `kind`. */
export type AccountsMeFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `accounts.revoke_api_key` may fail with; narrow on `kind`. */
export type AccountsRevokeApiKeyFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `accounts.revoke_token` may fail with; narrow on `kind`. */
export type AccountsRevokeTokenFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `accounts.sign_in` may fail with; narrow on `kind`. */
export type AccountsSignInFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.RateLimitedErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `accounts.sign_out` may fail with; narrow on `kind`. */
export type AccountsSignOutFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `agents.delete_config` may fail with; narrow on `kind`. */
export type AgentsDeleteConfigFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `agents.get_config` may fail with; narrow on `kind`. */
export type AgentsGetConfigFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `agents.list_configs` may fail with; narrow on `kind`. */
export type AgentsListConfigsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `agents.set_enabled` may fail with; narrow on `kind`. */
export type AgentsSetEnabledFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `agents.upsert_config` may fail with; narrow on `kind`. */
export type AgentsUpsertConfigFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `events.list` may fail with; narrow on `kind`. */
export type EventsListFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>
  | RpcFailure<T.CursorExpiredErrorData>;

/** What `forge.apply_input` may fail with; narrow on `kind`. */
export type ForgeApplyInputFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.cancel_session` may fail with; narrow on `kind`. */
export type ForgeCancelSessionFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.complete_session` may fail with; narrow on `kind`. */
export type ForgeCompleteSessionFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.create_checkpoint` may fail with; narrow on `kind`. */
export type ForgeCreateCheckpointFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.ExecutionErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.exec` may fail with; narrow on `kind`. */
export type ForgeExecFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.get_exec` may fail with; narrow on `kind`. */
export type ForgeGetExecFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.get_session` may fail with; narrow on `kind`. */
export type ForgeGetSessionFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.list_events` may fail with; narrow on `kind`. */
export type ForgeListEventsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.list_sessions` may fail with; narrow on `kind`. */
export type ForgeListSessionsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.restore_checkpoint` may fail with; narrow on `kind`. */
export type ForgeRestoreCheckpointFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.ExecutionErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `forge.start_session` may fail with; narrow on `kind`. */
export type ForgeStartSessionFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.SecretUnavailableErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `github.get_delivery` may fail with; narrow on `kind`. */
export type GithubGetDeliveryFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `github.get_issue_analysis` may fail with; narrow on `kind`. */
export type GithubGetIssueAnalysisFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `github.list_deliveries` may fail with; narrow on `kind`. */
export type GithubListDeliveriesFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `github.list_issue_analyses` may fail with; narrow on `kind`. */
export type GithubListIssueAnalysesFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `github.list_repos` may fail with; narrow on `kind`. */
export type GithubListReposFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `github.reprocess_delivery` may fail with; narrow on `kind`. */
export type GithubReprocessDeliveryFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `github.set_webhook_secret` may fail with; narrow on `kind`. */
export type GithubSetWebhookSecretFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.SecretUnavailableErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.approve_run` may fail with; narrow on `kind`. */
export type OrchestrationApproveRunFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.cancel_run` may fail with; narrow on `kind`. */
export type OrchestrationCancelRunFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.create_definition` may fail with; narrow on `kind`. */
export type OrchestrationCreateDefinitionFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.get_artifact` may fail with; narrow on `kind`. */
export type OrchestrationGetArtifactFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.get_definition` may fail with; narrow on `kind`. */
export type OrchestrationGetDefinitionFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.get_pull_request` may fail with; narrow on `kind`. */
export type OrchestrationGetPullRequestFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.get_run` may fail with; narrow on `kind`. */
export type OrchestrationGetRunFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.list_artifacts` may fail with; narrow on `kind`. */
export type OrchestrationListArtifactsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.list_definitions` may fail with; narrow on `kind`. */
export type OrchestrationListDefinitionsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.list_pending_approvals` may fail with; narrow on `kind`. */
export type OrchestrationListPendingApprovalsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.list_pull_requests` may fail with; narrow on `kind`. */
export type OrchestrationListPullRequestsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.list_run_events` may fail with; narrow on `kind`. */
export type OrchestrationListRunEventsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>
  | RpcFailure<T.CursorExpiredErrorData>;

/** What `orchestration.list_runs` may fail with; narrow on `kind`. */
export type OrchestrationListRunsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.list_step_runs` may fail with; narrow on `kind`. */
export type OrchestrationListStepRunsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.reject_run` may fail with; narrow on `kind`. */
export type OrchestrationRejectRunFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.retry_run` may fail with; narrow on `kind`. */
export type OrchestrationRetryRunFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.PolicyViolationErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.start_run` may fail with; narrow on `kind`. */
export type OrchestrationStartRunFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.PolicyViolationErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.sync_pull_request` may fail with; narrow on `kind`. */
export type OrchestrationSyncPullRequestFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.SecretUnavailableErrorData>
  | RpcFailure<T.ProviderErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `orchestration.update_definition` may fail with; narrow on `kind`. */
export type OrchestrationUpdateDefinitionFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.PolicyViolationErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.bind_secret` may fail with; narrow on `kind`. */
export type ProjectsBindSecretFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.get` may fail with; narrow on `kind`. */
export type ProjectsGetFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.import` may fail with; narrow on `kind`. */
export type ProjectsImportFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.list` may fail with; narrow on `kind`. */
export type ProjectsListFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.list_accessible_repositories` may fail with; narrow on `kind`. */
export type ProjectsListAccessibleRepositoriesFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.SecretUnavailableErrorData>
  | RpcFailure<T.GitHubErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.list_secret_bindings` may fail with; narrow on `kind`. */
export type ProjectsListSecretBindingsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.sync` may fail with; narrow on `kind`. */
export type ProjectsSyncFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.unbind_secret` may fail with; narrow on `kind`. */
export type ProjectsUnbindSecretFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.update` may fail with; narrow on `kind`. */
export type ProjectsUpdateFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `projects.workspace_status` may fail with; narrow on `kind`. */
export type ProjectsWorkspaceStatusFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ExecutionErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `rpc.discover` may fail with; narrow on `kind`. */
export type RpcDiscoverFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.complete_onboarding` may fail with; narrow on `kind`. */
export type SetupCompleteOnboardingFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.get_config` may fail with; narrow on `kind`. */
export type SetupGetConfigFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.get_sealing_key` may fail with; narrow on `kind`. */
export type SetupGetSealingKeyFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.SecretUnavailableErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.list_provider_credentials` may fail with; narrow on `kind`. */
export type SetupListProviderCredentialsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.list_secret_audits` may fail with; narrow on `kind`. */
export type SetupListSecretAuditsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.list_secrets` may fail with; narrow on `kind`. */
export type SetupListSecretsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.put_secret` may fail with; narrow on `kind`. */
export type SetupPutSecretFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.remove_provider_credential` may fail with; narrow on `kind`. */
export type SetupRemoveProviderCredentialFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.revoke_secret` may fail with; narrow on `kind`. */
export type SetupRevokeSecretFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.rewrap_secrets` may fail with; narrow on `kind`. */
export type SetupRewrapSecretsFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.SecretUnavailableErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.rotate_secret` may fail with; narrow on `kind`. */
export type SetupRotateSecretFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.run_checks` may fail with; narrow on `kind`. */
export type SetupRunChecksFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.save_step` may fail with; narrow on `kind`. */
export type SetupSaveStepFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.InvalidTransitionErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.set_provider_credential` may fail with; narrow on `kind`. */
export type SetupSetProviderCredentialFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.status` may fail with; narrow on `kind`. */
export type SetupStatusFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.update_config` may fail with; narrow on `kind`. */
export type SetupUpdateConfigFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `setup.verify_provider_credential` may fail with; narrow on `kind`. */
export type SetupVerifyProviderCredentialFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.UnauthenticatedErrorData>
  | RpcFailure<T.ForbiddenErrorData>
  | RpcFailure<T.NotFoundErrorData>
  | RpcFailure<T.ConflictErrorData>
  | RpcFailure<T.ValidationErrorErrorData>
  | RpcFailure<T.SecretUnavailableErrorData>
  | RpcFailure<T.ProviderErrorErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `system.ping` may fail with; narrow on `kind`. */
export type SystemPingFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/** What `system.version` may fail with; narrow on `kind`. */
export type SystemVersionFailure =
  | CommonFailure
  | RpcFailure<T.InvalidParamsErrorData>
  | RpcFailure<T.InternalErrorData>
  | RpcFailure<T.TimeoutErrorData>
  | RpcFailure<T.InventoryMismatchErrorData>;

/**
 * Methods of the `accounts` domain; each throws an `RpcError`.
 */
export interface AccountsApi {
  /**
   * Create the instance's one owner. Works only while no owner exists; afterwards
   * (and for the loser of two simultaneous calls) it is a `conflict`. The password needs
   * at least 12 characters.
   *
   * `accounts.bootstrap_owner`: auth anonymous; group 1; not idempotent.
   * @param params.email (required)
   * @param params.password (required)
   * @throws RpcError<AccountsBootstrapOwnerFailure>, kind one of: conflict, internal, invalid_params, inventory_mismatch, timeout, validation_error
   */
  bootstrap_owner(params: T.BootstrapOwnerParams, options?: CallOptions): Promise<T.OwnerView>;
  /**
   * Change the owner's password (the current one is required; wrong guesses are
   * throttled like sign-in) and revoke every other session and bearer token. API keys stay
   * valid. Only through a session or bearer token, never an API key.
   *
   * `accounts.change_password`: auth session|token; group 1; not idempotent.
   * @param params.current_password (required)
   * @param params.new_password (required)
   * @throws RpcError<AccountsChangePasswordFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, rate_limited, timeout, unauthenticated, validation_error
   */
  change_password(params: T.ChangePasswordParams, options?: CallOptions): Promise<T.ChangePasswordResult>;
  /**
   * Create a named API key (`jck_…`, for `Authorization: Bearer`). The full key is in
   * this result only; store it now. Only through a session or bearer token, so a leaked
   * key cannot mint others.
   *
   * `accounts.create_api_key`: auth session|token; group 1; not idempotent.
   * @param params.name (required)
   * @param params.expires_at
   * @throws RpcError<AccountsCreateApiKeyFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  create_api_key(params: T.CreateApiKeyParams, options?: CallOptions): Promise<T.CreatedApiKey>;
  /**
   * The owner's API keys, newest first: names, visible prefixes, status and last use.
   *
   * `accounts.list_api_keys`: auth api_key|session|token; group 1; idempotent.
   * @param params.cursor
   * @param params.limit
   * @param params.include_inactive
   * @throws RpcError<AccountsListApiKeysFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_api_keys(params?: T.ListCredentialsParams, options?: CallOptions): Promise<T.ApiKeyPage>;
  /**
   * The owner's session and bearer tokens, newest first; `current` marks the one this
   * call is made with.
   *
   * `accounts.list_tokens`: auth api_key|session|token; group 1; idempotent.
   * @param params.cursor
   * @param params.limit
   * @param params.include_inactive
   * @throws RpcError<AccountsListTokensFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_tokens(params?: T.ListCredentialsParams, options?: CallOptions): Promise<T.TokenPage>;
  /**
   * The owner, and the auth mode and credential this call is made with.
   *
   * `accounts.me`: auth api_key|session|token; group 1; idempotent.
   * @throws RpcError<AccountsMeFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated
   */
  me(options?: CallOptions): Promise<T.MeView>;
  /**
   * Revoke an API key; every server process refuses it from the next call on. Revoking
   * it again is a `conflict`.
   *
   * `accounts.revoke_api_key`: auth api_key|session|token; group 1; not idempotent.
   * @param params.api_key_id (required)
   * @throws RpcError<AccountsRevokeApiKeyFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  revoke_api_key(params: T.RevokeApiKeyParams, options?: CallOptions): Promise<T.ApiKeyView>;
  /**
   * Revoke a session or bearer token (the current one included); every server process
   * refuses it from the next call on. Revoking it again is a `conflict`.
   *
   * `accounts.revoke_token`: auth api_key|session|token; group 1; not idempotent.
   * @param params.token_id (required)
   * @throws RpcError<AccountsRevokeTokenFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  revoke_token(params: T.RevokeTokenParams, options?: CallOptions): Promise<T.TokenView>;
  /**
   * Sign in with email and password. `mode: "bearer"` returns a token for
   * `Authorization: Bearer`; `mode: "session"` sets an HttpOnly `jidocode_session` cookie
   * instead and returns no token. After 5 failed attempts in 15 minutes an email gets
   * `rate_limited` with `retry_after_s`, whether or not it belongs to the owner.
   *
   * `accounts.sign_in`: auth anonymous; group 1; not idempotent.
   * @param params.email (required)
   * @param params.password (required)
   * @param params.mode
   * @throws RpcError<AccountsSignInFailure>, kind one of: internal, invalid_params, inventory_mismatch, rate_limited, timeout, unauthenticated, validation_error
   */
  sign_in(params: T.SignInParams, options?: CallOptions): Promise<T.SignInResult>;
  /**
   * Revoke the session or bearer token this call is made with (and clear the session
   * cookie).
   *
   * `accounts.sign_out`: auth session|token; group 1; idempotent.
   * @throws RpcError<AccountsSignOutFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated
   */
  sign_out(options?: CallOptions): Promise<T.SignOutResult>;
}

/**
 * Methods of the `accounts` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeAccountsApi {
  /**
   * Create the instance's one owner. Works only while no owner exists; afterwards
   * (and for the loser of two simultaneous calls) it is a `conflict`. The password needs
   * at least 12 characters.
   *
   * `accounts.bootstrap_owner`: auth anonymous; group 1; not idempotent.
   * @param params.email (required)
   * @param params.password (required)
   */
  bootstrap_owner(params: T.BootstrapOwnerParams, options?: CallOptions): Promise<Outcome<T.OwnerView, AccountsBootstrapOwnerFailure>>;
  /**
   * Change the owner's password (the current one is required; wrong guesses are
   * throttled like sign-in) and revoke every other session and bearer token. API keys stay
   * valid. Only through a session or bearer token, never an API key.
   *
   * `accounts.change_password`: auth session|token; group 1; not idempotent.
   * @param params.current_password (required)
   * @param params.new_password (required)
   */
  change_password(params: T.ChangePasswordParams, options?: CallOptions): Promise<Outcome<T.ChangePasswordResult, AccountsChangePasswordFailure>>;
  /**
   * Create a named API key (`jck_…`, for `Authorization: Bearer`). The full key is in
   * this result only; store it now. Only through a session or bearer token, so a leaked
   * key cannot mint others.
   *
   * `accounts.create_api_key`: auth session|token; group 1; not idempotent.
   * @param params.name (required)
   * @param params.expires_at
   */
  create_api_key(params: T.CreateApiKeyParams, options?: CallOptions): Promise<Outcome<T.CreatedApiKey, AccountsCreateApiKeyFailure>>;
  /**
   * The owner's API keys, newest first: names, visible prefixes, status and last use.
   *
   * `accounts.list_api_keys`: auth api_key|session|token; group 1; idempotent.
   * @param params.cursor
   * @param params.limit
   * @param params.include_inactive
   */
  list_api_keys(params?: T.ListCredentialsParams, options?: CallOptions): Promise<Outcome<T.ApiKeyPage, AccountsListApiKeysFailure>>;
  /**
   * The owner's session and bearer tokens, newest first; `current` marks the one this
   * call is made with.
   *
   * `accounts.list_tokens`: auth api_key|session|token; group 1; idempotent.
   * @param params.cursor
   * @param params.limit
   * @param params.include_inactive
   */
  list_tokens(params?: T.ListCredentialsParams, options?: CallOptions): Promise<Outcome<T.TokenPage, AccountsListTokensFailure>>;
  /**
   * The owner, and the auth mode and credential this call is made with.
   *
   * `accounts.me`: auth api_key|session|token; group 1; idempotent.
   */
  me(options?: CallOptions): Promise<Outcome<T.MeView, AccountsMeFailure>>;
  /**
   * Revoke an API key; every server process refuses it from the next call on. Revoking
   * it again is a `conflict`.
   *
   * `accounts.revoke_api_key`: auth api_key|session|token; group 1; not idempotent.
   * @param params.api_key_id (required)
   */
  revoke_api_key(params: T.RevokeApiKeyParams, options?: CallOptions): Promise<Outcome<T.ApiKeyView, AccountsRevokeApiKeyFailure>>;
  /**
   * Revoke a session or bearer token (the current one included); every server process
   * refuses it from the next call on. Revoking it again is a `conflict`.
   *
   * `accounts.revoke_token`: auth api_key|session|token; group 1; not idempotent.
   * @param params.token_id (required)
   */
  revoke_token(params: T.RevokeTokenParams, options?: CallOptions): Promise<Outcome<T.TokenView, AccountsRevokeTokenFailure>>;
  /**
   * Sign in with email and password. `mode: "bearer"` returns a token for
   * `Authorization: Bearer`; `mode: "session"` sets an HttpOnly `jidocode_session` cookie
   * instead and returns no token. After 5 failed attempts in 15 minutes an email gets
   * `rate_limited` with `retry_after_s`, whether or not it belongs to the owner.
   *
   * `accounts.sign_in`: auth anonymous; group 1; not idempotent.
   * @param params.email (required)
   * @param params.password (required)
   * @param params.mode
   */
  sign_in(params: T.SignInParams, options?: CallOptions): Promise<Outcome<T.SignInResult, AccountsSignInFailure>>;
  /**
   * Revoke the session or bearer token this call is made with (and clear the session
   * cookie).
   *
   * `accounts.sign_out`: auth session|token; group 1; idempotent.
   */
  sign_out(options?: CallOptions): Promise<Outcome<T.SignOutResult, AccountsSignOutFailure>>;
}

/**
 * Methods of the `agents` domain; each throws an `RpcError`.
 */
export interface AgentsApi {
  /**
   * Delete a project's config of one agent type (the agent stops reacting to events).
   *
   * `agents.delete_config`: auth api_key|session|token; group 7; not idempotent.
   * @param params.project_id (required)
   * @param params.agent_type (required)
   * @throws RpcError<AgentsDeleteConfigFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  delete_config(params: T.AgentConfigRef, options?: CallOptions): Promise<T.AgentConfigDeleted>;
  /**
   * Get a project's config of one agent type.
   *
   * `agents.get_config`: auth api_key|session|token; group 7; idempotent.
   * @param params.project_id (required)
   * @param params.agent_type (required)
   * @throws RpcError<AgentsGetConfigFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get_config(params: T.AgentConfigRef, options?: CallOptions): Promise<T.AgentConfigView>;
  /**
   * List support-agent configs of one project, or of every project without ``project_id``.
   *
   * `agents.list_configs`: auth api_key|session|token; group 7; idempotent.
   * @param params.project_id
   * @throws RpcError<AgentsListConfigsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  list_configs(params?: T.ListConfigsParams, options?: CallOptions): Promise<T.AgentConfigList>;
  /**
   * Switch a project's agent on or off.
   *
   * `agents.set_enabled`: auth api_key|session|token; group 7; idempotent.
   * @param params.project_id (required)
   * @param params.agent_type (required)
   * @param params.enabled (required)
   * @throws RpcError<AgentsSetEnabledFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  set_enabled(params: T.SetEnabledParams, options?: CallOptions): Promise<T.AgentConfigView>;
  /**
   * Create or change a project's config of one agent type (one per project and type).
   *
   * ``webhook_events`` must be events the agent type handles (``github_issue_bot``:
   * ``issues.opened``, ``issues.edited``, ``issue_comment.created``); absent fields keep
   * their value, and a new config starts disabled with the type's default events and
   * ``manual`` approval.
   *
   * A ``dependency_bot`` may carry ``configuration.schedule``, a five-field cron expression
   * in UTC (``"0 6 * * 1"``: Mondays at 06:00), and must then carry
   * ``configuration.update_command``, the shell command that updates the dependencies
   * (``"pip-compile --upgrade"``, ``"npm update"``). While it is enabled, each slot starts
   * one ``update_dependencies`` run (trigger ``schedule``); a slot missed while the server
   * was down starts one run on recovery, and a slot that finds a shipping run in flight is
   * skipped. A bad expression, or a schedule on another agent type, is a validation error.
   *
   * `agents.upsert_config`: auth api_key|session|token; group 7; idempotent.
   * @param params.project_id (required)
   * @param params.agent_type (required)
   * @param params.enabled
   * @param params.webhook_events
   * @param params.configuration
   * @param params.approval_policy
   * @throws RpcError<AgentsUpsertConfigFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  upsert_config(params: T.UpsertConfigParams, options?: CallOptions): Promise<T.AgentConfigView>;
}

/**
 * Methods of the `agents` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeAgentsApi {
  /**
   * Delete a project's config of one agent type (the agent stops reacting to events).
   *
   * `agents.delete_config`: auth api_key|session|token; group 7; not idempotent.
   * @param params.project_id (required)
   * @param params.agent_type (required)
   */
  delete_config(params: T.AgentConfigRef, options?: CallOptions): Promise<Outcome<T.AgentConfigDeleted, AgentsDeleteConfigFailure>>;
  /**
   * Get a project's config of one agent type.
   *
   * `agents.get_config`: auth api_key|session|token; group 7; idempotent.
   * @param params.project_id (required)
   * @param params.agent_type (required)
   */
  get_config(params: T.AgentConfigRef, options?: CallOptions): Promise<Outcome<T.AgentConfigView, AgentsGetConfigFailure>>;
  /**
   * List support-agent configs of one project, or of every project without ``project_id``.
   *
   * `agents.list_configs`: auth api_key|session|token; group 7; idempotent.
   * @param params.project_id
   */
  list_configs(params?: T.ListConfigsParams, options?: CallOptions): Promise<Outcome<T.AgentConfigList, AgentsListConfigsFailure>>;
  /**
   * Switch a project's agent on or off.
   *
   * `agents.set_enabled`: auth api_key|session|token; group 7; idempotent.
   * @param params.project_id (required)
   * @param params.agent_type (required)
   * @param params.enabled (required)
   */
  set_enabled(params: T.SetEnabledParams, options?: CallOptions): Promise<Outcome<T.AgentConfigView, AgentsSetEnabledFailure>>;
  /**
   * Create or change a project's config of one agent type (one per project and type).
   *
   * ``webhook_events`` must be events the agent type handles (``github_issue_bot``:
   * ``issues.opened``, ``issues.edited``, ``issue_comment.created``); absent fields keep
   * their value, and a new config starts disabled with the type's default events and
   * ``manual`` approval.
   *
   * A ``dependency_bot`` may carry ``configuration.schedule``, a five-field cron expression
   * in UTC (``"0 6 * * 1"``: Mondays at 06:00), and must then carry
   * ``configuration.update_command``, the shell command that updates the dependencies
   * (``"pip-compile --upgrade"``, ``"npm update"``). While it is enabled, each slot starts
   * one ``update_dependencies`` run (trigger ``schedule``); a slot missed while the server
   * was down starts one run on recovery, and a slot that finds a shipping run in flight is
   * skipped. A bad expression, or a schedule on another agent type, is a validation error.
   *
   * `agents.upsert_config`: auth api_key|session|token; group 7; idempotent.
   * @param params.project_id (required)
   * @param params.agent_type (required)
   * @param params.enabled
   * @param params.webhook_events
   * @param params.configuration
   * @param params.approval_policy
   */
  upsert_config(params: T.UpsertConfigParams, options?: CallOptions): Promise<Outcome<T.AgentConfigView, AgentsUpsertConfigFailure>>;
}

/**
 * Methods of the `events` domain; each throws an `RpcError`.
 */
export interface EventsApi {
  /**
   * Read a topic's events after a seq, in order: the backfill of ``GET /events``.
   *
   * An unknown topic is a ``validation_error``, a run or session that does not exist
   * ``not_found``, and a cursor behind the topic's retention ``cursor_expired``: reload
   * the snapshot (``get_run``, ``list_deliveries`` ...), then continue from
   * ``data.earliest``.
   *
   * `events.list`: auth api_key|session|token; group 3; idempotent.
   * @param params.topic (required) run:<id>, runs, forge:session:<id>, forge:sessions or deliveries (the topics and their event types are the document's x-events).
   * @param params.after The seq of the last event already seen.
   * @param params.limit
   * @throws RpcError<EventsListFailure>, kind one of: cursor_expired, forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  list(params: T.EventsListParams, options?: CallOptions): Promise<T.EventItemPage>;
}

/**
 * Methods of the `events` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeEventsApi {
  /**
   * Read a topic's events after a seq, in order: the backfill of ``GET /events``.
   *
   * An unknown topic is a ``validation_error``, a run or session that does not exist
   * ``not_found``, and a cursor behind the topic's retention ``cursor_expired``: reload
   * the snapshot (``get_run``, ``list_deliveries`` ...), then continue from
   * ``data.earliest``.
   *
   * `events.list`: auth api_key|session|token; group 3; idempotent.
   * @param params.topic (required) run:<id>, runs, forge:session:<id>, forge:sessions or deliveries (the topics and their event types are the document's x-events).
   * @param params.after The seq of the last event already seen.
   * @param params.limit
   */
  list(params: T.EventsListParams, options?: CallOptions): Promise<Outcome<T.EventItemPage, EventsListFailure>>;
}

/**
 * Methods of the `forge` domain; each throws an `RpcError`.
 */
export interface ForgeApi {
  /**
   * Answer a session that needs input: an agent resumes its own session with the
   * answer as the next prompt. Emits ``session.input_applied``; returns the new exec.
   *
   * `forge.apply_input`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @param params.input (required)
   * @throws RpcError<ForgeApplyInputFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  apply_input(params: T.ApplyInputParams, options?: CallOptions): Promise<T.Exec>;
  /**
   * Cancel a session that has not ended. A running execution's whole process group is
   * ended within seconds; the output it wrote is kept.
   *
   * `forge.cancel_session`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @throws RpcError<ForgeCancelSessionFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated
   */
  cancel_session(params: T.SessionRef, options?: CallOptions): Promise<T.Session>;
  /**
   * End a ``ready`` or ``needs_input`` session as ``completed``.
   *
   * `forge.complete_session`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @throws RpcError<ForgeCompleteSessionFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated
   */
  complete_session(params: T.SessionRef, options?: CallOptions): Promise<T.Session>;
  /**
   * Checkpoint a session that is not running: its exec sequence and runner state, and
   * its workspace as a commit on ``refs/jidocode/checkpoints/<session>/<n>`` (the working
   * tree, index and branch are left as they are).
   *
   * `forge.create_checkpoint`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @param params.name
   * @throws RpcError<ForgeCreateCheckpointFailure>, kind one of: conflict, execution_error, forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated
   */
  create_checkpoint(params: T.CreateCheckpointParams, options?: CallOptions): Promise<T.Checkpoint>;
  /**
   * Run one iteration in a ``ready`` session: for ``shell`` a command (text run by
   * ``sh -c``, or an argv list), for ``agent_cli`` the prompt, for ``workflow`` the list
   * of steps. Returns the execution ``started``; a worker runs it, its output arrives as
   * ``exec.output`` events and it ends with ``exec.completed``. Secrets reach commands as
   * bound variables; a command holding a secret value is refused.
   *
   * `forge.exec`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @param params.command (required)
   * @throws RpcError<ForgeExecFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  exec(params: T.ExecParams, options?: CallOptions): Promise<T.Exec>;
  /**
   * One execution: status, exit code, duration, sizes and its stored output (the last
   * 1 MB, behind a truncation marker when more was written).
   *
   * `forge.get_exec`: auth api_key|session|token; group 8; idempotent.
   * @param params.session_id (required)
   * @param params.sequence (required)
   * @throws RpcError<ForgeGetExecFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get_exec(params: T.ExecRef, options?: CallOptions): Promise<T.ExecDetail>;
  /**
   * One session with its phase, its latest executions, its checkpoints and, when it
   * needs input, the question it asks.
   *
   * `forge.get_session`: auth api_key|session|token; group 8; idempotent.
   * @param params.session_id (required)
   * @throws RpcError<ForgeGetSessionFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get_session(params: T.SessionRef, options?: CallOptions): Promise<T.SessionDetail>;
  /**
   * Read a session's events after ``cursor`` (its ``seq``), in order; pass
   * ``next_cursor`` back to continue. Events are kept 7 days.
   *
   * `forge.list_events`: auth api_key|session|token; group 8; idempotent.
   * @param params.session_id (required)
   * @param params.cursor The next_cursor of the last read
   * @param params.limit
   * @param params.types
   * @throws RpcError<ForgeListEventsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  list_events(params: T.ListEventsParams, options?: CallOptions): Promise<T.EventPage>;
  /**
   * List sessions newest first, optionally of one project or in one phase.
   *
   * `forge.list_sessions`: auth api_key|session|token; group 8; idempotent.
   * @param params.project_id
   * @param params.phase
   * @param params.cursor From a previous page's next_cursor
   * @param params.limit
   * @throws RpcError<ForgeListSessionsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_sessions(params?: T.ListSessionsParams, options?: CallOptions): Promise<T.SessionPage>;
  /**
   * Put a checkpoint (by ``number`` or ``name``) back into a ``ready`` or
   * ``needs_input`` session: the workspace's files as they were (files created since are
   * removed, ignored files kept; the branch is not moved) and the runner state.
   *
   * `forge.restore_checkpoint`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @param params.number
   * @param params.name
   * @throws RpcError<ForgeRestoreCheckpointFailure>, kind one of: execution_error, forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  restore_checkpoint(params: T.RestoreCheckpointParams, options?: CallOptions): Promise<T.Checkpoint>;
  /**
   * Start a session of ``runner`` (shell, agent_cli, workflow) in the project's
   * workspace and return it ``ready``. ``spec`` sets the environment (``local``; ``sprite``
   * needs a Sprites credential), the wall and idle-output timeouts (default 30 and 5
   * minutes), extra environment variables and, for agents, the profile (claude, codex),
   * turn limit and budget. Refused with the limit's name when too many are active.
   *
   * `forge.start_session`: auth api_key|session|token; group 8; not idempotent.
   * @param params.project_id (required)
   * @param params.runner (required)
   * @param params.name
   * @param params.run_id
   * @param params.spec
   * @throws RpcError<ForgeStartSessionFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, not_found, secret_unavailable, timeout, unauthenticated, validation_error
   */
  start_session(params: T.StartSessionParams, options?: CallOptions): Promise<T.Session>;
}

/**
 * Methods of the `forge` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeForgeApi {
  /**
   * Answer a session that needs input: an agent resumes its own session with the
   * answer as the next prompt. Emits ``session.input_applied``; returns the new exec.
   *
   * `forge.apply_input`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @param params.input (required)
   */
  apply_input(params: T.ApplyInputParams, options?: CallOptions): Promise<Outcome<T.Exec, ForgeApplyInputFailure>>;
  /**
   * Cancel a session that has not ended. A running execution's whole process group is
   * ended within seconds; the output it wrote is kept.
   *
   * `forge.cancel_session`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   */
  cancel_session(params: T.SessionRef, options?: CallOptions): Promise<Outcome<T.Session, ForgeCancelSessionFailure>>;
  /**
   * End a ``ready`` or ``needs_input`` session as ``completed``.
   *
   * `forge.complete_session`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   */
  complete_session(params: T.SessionRef, options?: CallOptions): Promise<Outcome<T.Session, ForgeCompleteSessionFailure>>;
  /**
   * Checkpoint a session that is not running: its exec sequence and runner state, and
   * its workspace as a commit on ``refs/jidocode/checkpoints/<session>/<n>`` (the working
   * tree, index and branch are left as they are).
   *
   * `forge.create_checkpoint`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @param params.name
   */
  create_checkpoint(params: T.CreateCheckpointParams, options?: CallOptions): Promise<Outcome<T.Checkpoint, ForgeCreateCheckpointFailure>>;
  /**
   * Run one iteration in a ``ready`` session: for ``shell`` a command (text run by
   * ``sh -c``, or an argv list), for ``agent_cli`` the prompt, for ``workflow`` the list
   * of steps. Returns the execution ``started``; a worker runs it, its output arrives as
   * ``exec.output`` events and it ends with ``exec.completed``. Secrets reach commands as
   * bound variables; a command holding a secret value is refused.
   *
   * `forge.exec`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @param params.command (required)
   */
  exec(params: T.ExecParams, options?: CallOptions): Promise<Outcome<T.Exec, ForgeExecFailure>>;
  /**
   * One execution: status, exit code, duration, sizes and its stored output (the last
   * 1 MB, behind a truncation marker when more was written).
   *
   * `forge.get_exec`: auth api_key|session|token; group 8; idempotent.
   * @param params.session_id (required)
   * @param params.sequence (required)
   */
  get_exec(params: T.ExecRef, options?: CallOptions): Promise<Outcome<T.ExecDetail, ForgeGetExecFailure>>;
  /**
   * One session with its phase, its latest executions, its checkpoints and, when it
   * needs input, the question it asks.
   *
   * `forge.get_session`: auth api_key|session|token; group 8; idempotent.
   * @param params.session_id (required)
   */
  get_session(params: T.SessionRef, options?: CallOptions): Promise<Outcome<T.SessionDetail, ForgeGetSessionFailure>>;
  /**
   * Read a session's events after ``cursor`` (its ``seq``), in order; pass
   * ``next_cursor`` back to continue. Events are kept 7 days.
   *
   * `forge.list_events`: auth api_key|session|token; group 8; idempotent.
   * @param params.session_id (required)
   * @param params.cursor The next_cursor of the last read
   * @param params.limit
   * @param params.types
   */
  list_events(params: T.ListEventsParams, options?: CallOptions): Promise<Outcome<T.EventPage, ForgeListEventsFailure>>;
  /**
   * List sessions newest first, optionally of one project or in one phase.
   *
   * `forge.list_sessions`: auth api_key|session|token; group 8; idempotent.
   * @param params.project_id
   * @param params.phase
   * @param params.cursor From a previous page's next_cursor
   * @param params.limit
   */
  list_sessions(params?: T.ListSessionsParams, options?: CallOptions): Promise<Outcome<T.SessionPage, ForgeListSessionsFailure>>;
  /**
   * Put a checkpoint (by ``number`` or ``name``) back into a ``ready`` or
   * ``needs_input`` session: the workspace's files as they were (files created since are
   * removed, ignored files kept; the branch is not moved) and the runner state.
   *
   * `forge.restore_checkpoint`: auth api_key|session|token; group 8; not idempotent.
   * @param params.session_id (required)
   * @param params.number
   * @param params.name
   */
  restore_checkpoint(params: T.RestoreCheckpointParams, options?: CallOptions): Promise<Outcome<T.Checkpoint, ForgeRestoreCheckpointFailure>>;
  /**
   * Start a session of ``runner`` (shell, agent_cli, workflow) in the project's
   * workspace and return it ``ready``. ``spec`` sets the environment (``local``; ``sprite``
   * needs a Sprites credential), the wall and idle-output timeouts (default 30 and 5
   * minutes), extra environment variables and, for agents, the profile (claude, codex),
   * turn limit and budget. Refused with the limit's name when too many are active.
   *
   * `forge.start_session`: auth api_key|session|token; group 8; not idempotent.
   * @param params.project_id (required)
   * @param params.runner (required)
   * @param params.name
   * @param params.run_id
   * @param params.spec
   */
  start_session(params: T.StartSessionParams, options?: CallOptions): Promise<Outcome<T.Session, ForgeStartSessionFailure>>;
}

/**
 * Methods of the `github` domain; each throws an `RpcError`.
 */
export interface GithubApi {
  /**
   * One webhook delivery with its payload (redacted before it was stored).
   *
   * `github.get_delivery`: auth api_key|session|token; group 6; idempotent.
   * @param params.id (required)
   * @throws RpcError<GithubGetDeliveryFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get_delivery(params: T.DeliveryRef, options?: CallOptions): Promise<T.Delivery>;
  /**
   * One issue analysis: classification, confidence, priority, suggested labels,
   * summary, proposed response, and the run and comment it led to.
   *
   * `github.get_issue_analysis`: auth api_key|session|token; group 6; idempotent.
   * @param params.id (required)
   * @throws RpcError<GithubGetIssueAnalysisFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get_issue_analysis(params: T.IssueAnalysisRef, options?: CallOptions): Promise<T.IssueAnalysis>;
  /**
   * List webhook deliveries newest first (without payloads), filtered by event,
   * status and repository when given.
   *
   * `github.list_deliveries`: auth api_key|session|token; group 6; idempotent.
   * @param params.cursor From a previous page's next_cursor
   * @param params.limit
   * @param params.event
   * @param params.status
   * @param params.repo
   * @throws RpcError<GithubListDeliveriesFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_deliveries(params?: T.ListDeliveriesParams, options?: CallOptions): Promise<T.DeliveryPage>;
  /**
   * List the issue bot's analyses, most recently updated first, filtered by
   * repository, classification and status when given.
   *
   * `github.list_issue_analyses`: auth api_key|session|token; group 6; idempotent.
   * @param params.cursor From a previous page's next_cursor
   * @param params.limit
   * @param params.repo
   * @param params.classification
   * @param params.status
   * @throws RpcError<GithubListIssueAnalysesFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_issue_analyses(params?: T.ListIssueAnalysesParams, options?: CallOptions): Promise<T.IssueAnalysisPage>;
  /**
   * List the repositories the GitHub domain knows (from webhook secrets and verified
   * deliveries), newest first, with whether each has its own webhook secret.
   *
   * `github.list_repos`: auth api_key|session|token; group 6; idempotent.
   * @param params.cursor From a previous page's next_cursor
   * @param params.limit
   * @throws RpcError<GithubListReposFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_repos(params?: T.ListReposParams, options?: CallOptions): Promise<T.RepoPage>;
  /**
   * Process a processed, ignored or failed delivery again (it goes back to
   * ``received`` and a worker picks it up); refused while it still waits.
   *
   * `github.reprocess_delivery`: auth api_key|session|token; group 6; not idempotent.
   * @param params.id (required)
   * @throws RpcError<GithubReprocessDeliveryFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated
   */
  reprocess_delivery(params: T.DeliveryRef, options?: CallOptions): Promise<T.Delivery>;
  /**
   * Set the webhook secret (``value`` or ``sealed_value``) for one repository or the
   * instance. It is sealed at rest and never returned; the replaced secret keeps
   * verifying deliveries until the rotation window ends (``previous_valid_until``).
   *
   * `github.set_webhook_secret`: auth api_key|session|token; group 6; not idempotent.
   * @param params.value
   * @param params.sealed_value
   * @param params.repo
   * @throws RpcError<GithubSetWebhookSecretFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, secret_unavailable, timeout, unauthenticated, validation_error
   */
  set_webhook_secret(params?: T.SetWebhookSecretParams, options?: CallOptions): Promise<T.WebhookSecretSet>;
}

/**
 * Methods of the `github` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeGithubApi {
  /**
   * One webhook delivery with its payload (redacted before it was stored).
   *
   * `github.get_delivery`: auth api_key|session|token; group 6; idempotent.
   * @param params.id (required)
   */
  get_delivery(params: T.DeliveryRef, options?: CallOptions): Promise<Outcome<T.Delivery, GithubGetDeliveryFailure>>;
  /**
   * One issue analysis: classification, confidence, priority, suggested labels,
   * summary, proposed response, and the run and comment it led to.
   *
   * `github.get_issue_analysis`: auth api_key|session|token; group 6; idempotent.
   * @param params.id (required)
   */
  get_issue_analysis(params: T.IssueAnalysisRef, options?: CallOptions): Promise<Outcome<T.IssueAnalysis, GithubGetIssueAnalysisFailure>>;
  /**
   * List webhook deliveries newest first (without payloads), filtered by event,
   * status and repository when given.
   *
   * `github.list_deliveries`: auth api_key|session|token; group 6; idempotent.
   * @param params.cursor From a previous page's next_cursor
   * @param params.limit
   * @param params.event
   * @param params.status
   * @param params.repo
   */
  list_deliveries(params?: T.ListDeliveriesParams, options?: CallOptions): Promise<Outcome<T.DeliveryPage, GithubListDeliveriesFailure>>;
  /**
   * List the issue bot's analyses, most recently updated first, filtered by
   * repository, classification and status when given.
   *
   * `github.list_issue_analyses`: auth api_key|session|token; group 6; idempotent.
   * @param params.cursor From a previous page's next_cursor
   * @param params.limit
   * @param params.repo
   * @param params.classification
   * @param params.status
   */
  list_issue_analyses(params?: T.ListIssueAnalysesParams, options?: CallOptions): Promise<Outcome<T.IssueAnalysisPage, GithubListIssueAnalysesFailure>>;
  /**
   * List the repositories the GitHub domain knows (from webhook secrets and verified
   * deliveries), newest first, with whether each has its own webhook secret.
   *
   * `github.list_repos`: auth api_key|session|token; group 6; idempotent.
   * @param params.cursor From a previous page's next_cursor
   * @param params.limit
   */
  list_repos(params?: T.ListReposParams, options?: CallOptions): Promise<Outcome<T.RepoPage, GithubListReposFailure>>;
  /**
   * Process a processed, ignored or failed delivery again (it goes back to
   * ``received`` and a worker picks it up); refused while it still waits.
   *
   * `github.reprocess_delivery`: auth api_key|session|token; group 6; not idempotent.
   * @param params.id (required)
   */
  reprocess_delivery(params: T.DeliveryRef, options?: CallOptions): Promise<Outcome<T.Delivery, GithubReprocessDeliveryFailure>>;
  /**
   * Set the webhook secret (``value`` or ``sealed_value``) for one repository or the
   * instance. It is sealed at rest and never returned; the replaced secret keeps
   * verifying deliveries until the rotation window ends (``previous_valid_until``).
   *
   * `github.set_webhook_secret`: auth api_key|session|token; group 6; not idempotent.
   * @param params.value
   * @param params.sealed_value
   * @param params.repo
   */
  set_webhook_secret(params?: T.SetWebhookSecretParams, options?: CallOptions): Promise<Outcome<T.WebhookSecretSet, GithubSetWebhookSecretFailure>>;
}

/**
 * Methods of the `orchestration` domain; each throws an `RpcError`.
 */
export interface OrchestrationApi {
  /**
   * Approve a run awaiting approval: it moves to ``running`` and resumes.
   *
   * Any other status is ``invalid_transition`` (also for the loser of two approvals).
   *
   * `orchestration.approve_run`: auth api_key|session|token; group 4; not idempotent.
   * @param params.run_id (required)
   * @param params.comment
   * @throws RpcError<OrchestrationApproveRunFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated
   */
  approve_run(params: T.DecideRunParams, options?: CallOptions): Promise<T.RunView>;
  /**
   * Cancel a pending, running or awaiting-approval run; a finished run is refused.
   *
   * `orchestration.cancel_run`: auth api_key|session|token; group 3; not idempotent.
   * @param params.run_id (required)
   * @param params.reason
   * @throws RpcError<OrchestrationCancelRunFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated
   */
  cancel_run(params: T.CancelRunParams, options?: CallOptions): Promise<T.RunView>;
  /**
   * Create a custom workflow definition at version 1.
   *
   * ``input_schema`` must be a valid JSON Schema (2020-12) describing an object; step
   * names must be unique and the approval policy may only name existing steps.
   *
   * `orchestration.create_definition`: auth api_key|session|token; group 3; not idempotent.
   * @param params.name (required)
   * @param params.description
   * @param params.steps (required)
   * @param params.input_schema
   * @param params.approval_policy
   * @param params.trigger_types
   * @param params.budget
   * @throws RpcError<OrchestrationCreateDefinitionFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  create_definition(params: T.CreateDefinitionParams, options?: CallOptions): Promise<T.DefinitionView>;
  /**
   * Get one artifact with its (redacted) content.
   *
   * `orchestration.get_artifact`: auth api_key|session|token; group 3; idempotent.
   * @param params.artifact_id (required)
   * @throws RpcError<OrchestrationGetArtifactFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get_artifact(params: T.ArtifactIdParams, options?: CallOptions): Promise<T.ArtifactView>;
  /**
   * Get one workflow definition at its current version: steps, input schema, policy.
   *
   * `orchestration.get_definition`: auth api_key|session|token; group 3; idempotent.
   * @param params.name (required)
   * @throws RpcError<OrchestrationGetDefinitionFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get_definition(params: T.GetDefinitionParams, options?: CallOptions): Promise<T.DefinitionView>;
  /**
   * Get one pull request record.
   *
   * `orchestration.get_pull_request`: auth api_key|session|token; group 5; idempotent.
   * @param params.pull_request_id (required)
   * @throws RpcError<OrchestrationGetPullRequestFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get_pull_request(params: T.PullRequestIdParams, options?: CallOptions): Promise<T.PullRequestView>;
  /**
   * Get one run with its status history, step results, error and lineage.
   *
   * `orchestration.get_run`: auth api_key|session|token; group 3; idempotent.
   * @param params.run_id (required)
   * @throws RpcError<OrchestrationGetRunFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get_run(params: T.RunIdParams, options?: CallOptions): Promise<T.RunView>;
  /**
   * List a run's artifacts (without content), newest first.
   *
   * `orchestration.list_artifacts`: auth api_key|session|token; group 3; idempotent.
   * @param params.run_id (required)
   * @param params.cursor
   * @param params.limit
   * @throws RpcError<OrchestrationListArtifactsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  list_artifacts(params: T.ListArtifactsParams, options?: CallOptions): Promise<T.ArtifactPage>;
  /**
   * List workflow definitions (builtin and custom) by name, optionally of one category.
   *
   * `orchestration.list_definitions`: auth api_key|session|token; group 3; idempotent.
   * @param params.category
   * @param params.cursor
   * @param params.limit
   * @throws RpcError<OrchestrationListDefinitionsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_definitions(params?: T.ListDefinitionsParams, options?: CallOptions): Promise<T.DefinitionPage>;
  /**
   * List runs waiting for approval, newest first, with what the approver is shown:
   * diff summary, test summary and risk notes.
   *
   * `orchestration.list_pending_approvals`: auth api_key|session|token; group 4; idempotent.
   * @param params.project_id
   * @param params.cursor
   * @param params.limit
   * @throws RpcError<OrchestrationListPendingApprovalsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_pending_approvals(params?: T.ListPendingApprovalsParams, options?: CallOptions): Promise<T.ApprovalPage>;
  /**
   * List pull requests opened by runs, newest first, optionally of one project.
   *
   * `orchestration.list_pull_requests`: auth api_key|session|token; group 5; idempotent.
   * @param params.project_id
   * @param params.cursor
   * @param params.limit
   * @throws RpcError<OrchestrationListPullRequestsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_pull_requests(params?: T.ListPullRequestsParams, options?: CallOptions): Promise<T.PullRequestPage>;
  /**
   * Read run events after a cursor, oldest first: every event of one run, or the status
   * moves of every run (of one project when given).
   *
   * Poll with the returned ``next_cursor``; no event is ever skipped. The same events are
   * the ``run:<id>`` and ``runs`` topics of ``events.list`` and ``GET /events``.
   *
   * `orchestration.list_run_events`: auth api_key|session|token; group 3; idempotent.
   * @param params.run_id
   * @param params.project_id
   * @param params.cursor A next_cursor from an earlier call.
   * @param params.limit
   * @throws RpcError<OrchestrationListRunEventsFailure>, kind one of: cursor_expired, forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  list_run_events(params?: T.ListRunEventsParams, options?: CallOptions): Promise<T.RunEventPage>;
  /**
   * List runs newest first, optionally of one project and/or in one status.
   *
   * `orchestration.list_runs`: auth api_key|session|token; group 3; idempotent.
   * @param params.project_id
   * @param params.status
   * @param params.cursor
   * @param params.limit
   * @throws RpcError<OrchestrationListRunsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_runs(params?: T.ListRunsParams, options?: CallOptions): Promise<T.RunPage>;
  /**
   * List every attempt of a run's steps, in the order they started: step index and
   * name, kind, attempt number, status, times, output and error (redacted) and cost.
   *
   * A step tried again (a retryable failure, or a worker that died mid-step) has one
   * entry per attempt.
   *
   * `orchestration.list_step_runs`: auth api_key|session|token; group 3; idempotent.
   * @param params.run_id (required)
   * @throws RpcError<OrchestrationListStepRunsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  list_step_runs(params: T.RunIdParams, options?: CallOptions): Promise<T.StepRunList>;
  /**
   * Reject a run awaiting approval, as its definition's policy says: cancel the run
   * (the default), or send it back to a named step.
   *
   * `orchestration.reject_run`: auth api_key|session|token; group 4; not idempotent.
   * @param params.run_id (required)
   * @param params.comment
   * @throws RpcError<OrchestrationRejectRunFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated
   */
  reject_run(params: T.DecideRunParams, options?: CallOptions): Promise<T.RunView>;
  /**
   * Retry a failed or cancelled run as a new run with the same pinned version and inputs.
   *
   * The new run has ``retry_of_run_id`` and ``retry_attempt`` + 1. With ``from_step`` it
   * starts at that step, if the definition's policy allows retrying from it.
   *
   * `orchestration.retry_run`: auth api_key|session|token; group 3; not idempotent.
   * @param params.run_id (required)
   * @param params.from_step Start at this step (the policy must allow it); else a full run.
   * @throws RpcError<OrchestrationRetryRunFailure>, kind one of: conflict, forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, policy_violation, timeout, unauthenticated, validation_error
   */
  retry_run(params: T.RetryRunParams, options?: CallOptions): Promise<T.RunView>;
  /**
   * Start a run of a workflow for a project (manual trigger); it begins ``pending``.
   *
   * Inputs are validated against the definition's input schema; the definition's current
   * version is pinned. A project has at most one shipping run (one that commits and opens a
   * pull request) in flight: a second is a ``conflict``.
   *
   * `orchestration.start_run`: auth api_key|session|token; group 3; not idempotent.
   * @param params.project_id (required)
   * @param params.definition_name (required)
   * @param params.inputs
   * @throws RpcError<OrchestrationStartRunFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, not_found, policy_violation, timeout, unauthenticated, validation_error
   */
  start_run(params: T.StartRunParams, options?: CallOptions): Promise<T.RunView>;
  /**
   * Read the pull request from GitHub and record its state as webhook deliveries do:
   * ``merged`` or ``closed``, ``open`` again when reopened, and its head commit (a merged
   * record is final and is returned without a call).
   *
   * `orchestration.sync_pull_request`: auth api_key|session|token; group 5; idempotent.
   * @param params.pull_request_id (required)
   * @throws RpcError<OrchestrationSyncPullRequestFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, provider_error, secret_unavailable, timeout, unauthenticated
   */
  sync_pull_request(params: T.PullRequestIdParams, options?: CallOptions): Promise<T.PullRequestView>;
  /**
   * Change a custom workflow definition; its version goes up by one.
   *
   * Builtin definitions are read-only (``policy_violation``). Runs already started keep
   * the version they pinned. Pass ``expected_version`` to refuse a stale update.
   *
   * `orchestration.update_definition`: auth api_key|session|token; group 3; not idempotent.
   * @param params.name (required)
   * @param params.expected_version Refuse with conflict unless this is the current version.
   * @param params.description
   * @param params.steps
   * @param params.input_schema
   * @param params.approval_policy
   * @param params.trigger_types
   * @param params.budget Replaces the budget when given.
   * @throws RpcError<OrchestrationUpdateDefinitionFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, not_found, policy_violation, timeout, unauthenticated, validation_error
   */
  update_definition(params: T.UpdateDefinitionParams, options?: CallOptions): Promise<T.DefinitionView>;
}

/**
 * Methods of the `orchestration` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeOrchestrationApi {
  /**
   * Approve a run awaiting approval: it moves to ``running`` and resumes.
   *
   * Any other status is ``invalid_transition`` (also for the loser of two approvals).
   *
   * `orchestration.approve_run`: auth api_key|session|token; group 4; not idempotent.
   * @param params.run_id (required)
   * @param params.comment
   */
  approve_run(params: T.DecideRunParams, options?: CallOptions): Promise<Outcome<T.RunView, OrchestrationApproveRunFailure>>;
  /**
   * Cancel a pending, running or awaiting-approval run; a finished run is refused.
   *
   * `orchestration.cancel_run`: auth api_key|session|token; group 3; not idempotent.
   * @param params.run_id (required)
   * @param params.reason
   */
  cancel_run(params: T.CancelRunParams, options?: CallOptions): Promise<Outcome<T.RunView, OrchestrationCancelRunFailure>>;
  /**
   * Create a custom workflow definition at version 1.
   *
   * ``input_schema`` must be a valid JSON Schema (2020-12) describing an object; step
   * names must be unique and the approval policy may only name existing steps.
   *
   * `orchestration.create_definition`: auth api_key|session|token; group 3; not idempotent.
   * @param params.name (required)
   * @param params.description
   * @param params.steps (required)
   * @param params.input_schema
   * @param params.approval_policy
   * @param params.trigger_types
   * @param params.budget
   */
  create_definition(params: T.CreateDefinitionParams, options?: CallOptions): Promise<Outcome<T.DefinitionView, OrchestrationCreateDefinitionFailure>>;
  /**
   * Get one artifact with its (redacted) content.
   *
   * `orchestration.get_artifact`: auth api_key|session|token; group 3; idempotent.
   * @param params.artifact_id (required)
   */
  get_artifact(params: T.ArtifactIdParams, options?: CallOptions): Promise<Outcome<T.ArtifactView, OrchestrationGetArtifactFailure>>;
  /**
   * Get one workflow definition at its current version: steps, input schema, policy.
   *
   * `orchestration.get_definition`: auth api_key|session|token; group 3; idempotent.
   * @param params.name (required)
   */
  get_definition(params: T.GetDefinitionParams, options?: CallOptions): Promise<Outcome<T.DefinitionView, OrchestrationGetDefinitionFailure>>;
  /**
   * Get one pull request record.
   *
   * `orchestration.get_pull_request`: auth api_key|session|token; group 5; idempotent.
   * @param params.pull_request_id (required)
   */
  get_pull_request(params: T.PullRequestIdParams, options?: CallOptions): Promise<Outcome<T.PullRequestView, OrchestrationGetPullRequestFailure>>;
  /**
   * Get one run with its status history, step results, error and lineage.
   *
   * `orchestration.get_run`: auth api_key|session|token; group 3; idempotent.
   * @param params.run_id (required)
   */
  get_run(params: T.RunIdParams, options?: CallOptions): Promise<Outcome<T.RunView, OrchestrationGetRunFailure>>;
  /**
   * List a run's artifacts (without content), newest first.
   *
   * `orchestration.list_artifacts`: auth api_key|session|token; group 3; idempotent.
   * @param params.run_id (required)
   * @param params.cursor
   * @param params.limit
   */
  list_artifacts(params: T.ListArtifactsParams, options?: CallOptions): Promise<Outcome<T.ArtifactPage, OrchestrationListArtifactsFailure>>;
  /**
   * List workflow definitions (builtin and custom) by name, optionally of one category.
   *
   * `orchestration.list_definitions`: auth api_key|session|token; group 3; idempotent.
   * @param params.category
   * @param params.cursor
   * @param params.limit
   */
  list_definitions(params?: T.ListDefinitionsParams, options?: CallOptions): Promise<Outcome<T.DefinitionPage, OrchestrationListDefinitionsFailure>>;
  /**
   * List runs waiting for approval, newest first, with what the approver is shown:
   * diff summary, test summary and risk notes.
   *
   * `orchestration.list_pending_approvals`: auth api_key|session|token; group 4; idempotent.
   * @param params.project_id
   * @param params.cursor
   * @param params.limit
   */
  list_pending_approvals(params?: T.ListPendingApprovalsParams, options?: CallOptions): Promise<Outcome<T.ApprovalPage, OrchestrationListPendingApprovalsFailure>>;
  /**
   * List pull requests opened by runs, newest first, optionally of one project.
   *
   * `orchestration.list_pull_requests`: auth api_key|session|token; group 5; idempotent.
   * @param params.project_id
   * @param params.cursor
   * @param params.limit
   */
  list_pull_requests(params?: T.ListPullRequestsParams, options?: CallOptions): Promise<Outcome<T.PullRequestPage, OrchestrationListPullRequestsFailure>>;
  /**
   * Read run events after a cursor, oldest first: every event of one run, or the status
   * moves of every run (of one project when given).
   *
   * Poll with the returned ``next_cursor``; no event is ever skipped. The same events are
   * the ``run:<id>`` and ``runs`` topics of ``events.list`` and ``GET /events``.
   *
   * `orchestration.list_run_events`: auth api_key|session|token; group 3; idempotent.
   * @param params.run_id
   * @param params.project_id
   * @param params.cursor A next_cursor from an earlier call.
   * @param params.limit
   */
  list_run_events(params?: T.ListRunEventsParams, options?: CallOptions): Promise<Outcome<T.RunEventPage, OrchestrationListRunEventsFailure>>;
  /**
   * List runs newest first, optionally of one project and/or in one status.
   *
   * `orchestration.list_runs`: auth api_key|session|token; group 3; idempotent.
   * @param params.project_id
   * @param params.status
   * @param params.cursor
   * @param params.limit
   */
  list_runs(params?: T.ListRunsParams, options?: CallOptions): Promise<Outcome<T.RunPage, OrchestrationListRunsFailure>>;
  /**
   * List every attempt of a run's steps, in the order they started: step index and
   * name, kind, attempt number, status, times, output and error (redacted) and cost.
   *
   * A step tried again (a retryable failure, or a worker that died mid-step) has one
   * entry per attempt.
   *
   * `orchestration.list_step_runs`: auth api_key|session|token; group 3; idempotent.
   * @param params.run_id (required)
   */
  list_step_runs(params: T.RunIdParams, options?: CallOptions): Promise<Outcome<T.StepRunList, OrchestrationListStepRunsFailure>>;
  /**
   * Reject a run awaiting approval, as its definition's policy says: cancel the run
   * (the default), or send it back to a named step.
   *
   * `orchestration.reject_run`: auth api_key|session|token; group 4; not idempotent.
   * @param params.run_id (required)
   * @param params.comment
   */
  reject_run(params: T.DecideRunParams, options?: CallOptions): Promise<Outcome<T.RunView, OrchestrationRejectRunFailure>>;
  /**
   * Retry a failed or cancelled run as a new run with the same pinned version and inputs.
   *
   * The new run has ``retry_of_run_id`` and ``retry_attempt`` + 1. With ``from_step`` it
   * starts at that step, if the definition's policy allows retrying from it.
   *
   * `orchestration.retry_run`: auth api_key|session|token; group 3; not idempotent.
   * @param params.run_id (required)
   * @param params.from_step Start at this step (the policy must allow it); else a full run.
   */
  retry_run(params: T.RetryRunParams, options?: CallOptions): Promise<Outcome<T.RunView, OrchestrationRetryRunFailure>>;
  /**
   * Start a run of a workflow for a project (manual trigger); it begins ``pending``.
   *
   * Inputs are validated against the definition's input schema; the definition's current
   * version is pinned. A project has at most one shipping run (one that commits and opens a
   * pull request) in flight: a second is a ``conflict``.
   *
   * `orchestration.start_run`: auth api_key|session|token; group 3; not idempotent.
   * @param params.project_id (required)
   * @param params.definition_name (required)
   * @param params.inputs
   */
  start_run(params: T.StartRunParams, options?: CallOptions): Promise<Outcome<T.RunView, OrchestrationStartRunFailure>>;
  /**
   * Read the pull request from GitHub and record its state as webhook deliveries do:
   * ``merged`` or ``closed``, ``open`` again when reopened, and its head commit (a merged
   * record is final and is returned without a call).
   *
   * `orchestration.sync_pull_request`: auth api_key|session|token; group 5; idempotent.
   * @param params.pull_request_id (required)
   */
  sync_pull_request(params: T.PullRequestIdParams, options?: CallOptions): Promise<Outcome<T.PullRequestView, OrchestrationSyncPullRequestFailure>>;
  /**
   * Change a custom workflow definition; its version goes up by one.
   *
   * Builtin definitions are read-only (``policy_violation``). Runs already started keep
   * the version they pinned. Pass ``expected_version`` to refuse a stale update.
   *
   * `orchestration.update_definition`: auth api_key|session|token; group 3; not idempotent.
   * @param params.name (required)
   * @param params.expected_version Refuse with conflict unless this is the current version.
   * @param params.description
   * @param params.steps
   * @param params.input_schema
   * @param params.approval_policy
   * @param params.trigger_types
   * @param params.budget Replaces the budget when given.
   */
  update_definition(params: T.UpdateDefinitionParams, options?: CallOptions): Promise<Outcome<T.DefinitionView, OrchestrationUpdateDefinitionFailure>>;
}

/**
 * Methods of the `projects` domain; each throws an `RpcError`.
 */
export interface ProjectsApi {
  /**
   * Bind a stored secret to an environment variable of the project's workspace commands.
   *
   * ``env_var_name`` must match ``^[A-Z_][A-Z0-9_]*$`` and be unused in this project.
   *
   * `projects.bind_secret`: auth api_key|session|token; group 2; not idempotent.
   * @param params.project_id (required)
   * @param params.env_var_name (required)
   * @param params.secret_ref_id (required)
   * @param params.inject_to_workspace
   * @throws RpcError<ProjectsBindSecretFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  bind_secret(params: T.BindSecretParams, options?: CallOptions): Promise<T.SecretBindingView>;
  /**
   * Get one project with its clone-status history (each move with its time and reason).
   *
   * `projects.get`: auth api_key|session|token; group 2; idempotent.
   * @param params.project_id (required)
   * @throws RpcError<ProjectsGetFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  get(params: T.ProjectRef, options?: CallOptions): Promise<T.ProjectDetail>;
  /**
   * Import a GitHub repository (``owner/repo``) as a project and start cloning it.
   *
   * Idempotent: importing a repository again (in any letter case) returns the existing
   * project. The clone runs in the background; follow ``clone_status``
   * (``pending → cloning → ready | error``) with ``projects.get``.
   *
   * `projects.import`: auth api_key|session|token; group 2; idempotent.
   * @param params.github_full_name (required)
   * @param params.name
   * @param params.environment_type
   * @param params.default_branch
   * @throws RpcError<ProjectsImportFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  import(params: T.ImportProjectParams, options?: CallOptions): Promise<T.ProjectView>;
  /**
   * List projects, newest first; pass ``next_cursor`` back as ``cursor`` for the next page.
   *
   * `projects.list`: auth api_key|session|token; group 2; idempotent.
   * @param params.limit
   * @param params.cursor
   * @throws RpcError<ProjectsListFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list(params?: T.ListProjectsParams, options?: CallOptions): Promise<T.ProjectPage>;
  /**
   * List every repository the stored GitHub credential (PAT or App installation) can see.
   *
   * Each carries ``project_id`` when it is already imported.
   *
   * `projects.list_accessible_repositories`: auth api_key|session|token; group 2; idempotent.
   * @throws RpcError<ProjectsListAccessibleRepositoriesFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, provider_error, secret_unavailable, timeout, unauthenticated
   */
  list_accessible_repositories(options?: CallOptions): Promise<T.AccessibleRepositories>;
  /**
   * List a project's secret bindings: variable names and secret refs, never values.
   *
   * `projects.list_secret_bindings`: auth api_key|session|token; group 2; idempotent.
   * @param params.project_id (required)
   * @throws RpcError<ProjectsListSecretBindingsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  list_secret_bindings(params: T.ProjectRef, options?: CallOptions): Promise<T.SecretBindingList>;
  /**
   * Fetch the latest from GitHub into the workspace (or clone it again after an error).
   *
   * Moves a ``ready`` or ``error`` project to ``cloning``; refused while a clone or sync
   * is already under way.
   *
   * `projects.sync`: auth api_key|session|token; group 2; not idempotent.
   * @param params.project_id (required)
   * @throws RpcError<ProjectsSyncFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, not_found, timeout, unauthenticated
   */
  sync(params: T.ProjectRef, options?: CallOptions): Promise<T.ProjectView>;
  /**
   * Remove the binding of one environment variable (the secret stays in the store).
   *
   * `projects.unbind_secret`: auth api_key|session|token; group 2; not idempotent.
   * @param params.project_id (required)
   * @param params.env_var_name (required)
   * @throws RpcError<ProjectsUnbindSecretFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  unbind_secret(params: T.UnbindSecretParams, options?: CallOptions): Promise<T.Unbound>;
  /**
   * Change a project's name, default branch, environment type or settings.
   *
   * Absent fields keep their value; the repository and workspace path never change.
   *
   * `projects.update`: auth api_key|session|token; group 2; idempotent.
   * @param params.project_id (required)
   * @param params.name
   * @param params.default_branch
   * @param params.environment_type
   * @param params.settings
   * @throws RpcError<ProjectsUpdateFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  update(params: T.UpdateProjectParams, options?: CallOptions): Promise<T.ProjectView>;
  /**
   * The workspace's clone status, checked-out branch, HEAD commit and changed files.
   *
   * `projects.workspace_status`: auth api_key|session|token; group 2; idempotent.
   * @param params.project_id (required)
   * @throws RpcError<ProjectsWorkspaceStatusFailure>, kind one of: execution_error, forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  workspace_status(params: T.ProjectRef, options?: CallOptions): Promise<T.WorkspaceStatus>;
}

/**
 * Methods of the `projects` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeProjectsApi {
  /**
   * Bind a stored secret to an environment variable of the project's workspace commands.
   *
   * ``env_var_name`` must match ``^[A-Z_][A-Z0-9_]*$`` and be unused in this project.
   *
   * `projects.bind_secret`: auth api_key|session|token; group 2; not idempotent.
   * @param params.project_id (required)
   * @param params.env_var_name (required)
   * @param params.secret_ref_id (required)
   * @param params.inject_to_workspace
   */
  bind_secret(params: T.BindSecretParams, options?: CallOptions): Promise<Outcome<T.SecretBindingView, ProjectsBindSecretFailure>>;
  /**
   * Get one project with its clone-status history (each move with its time and reason).
   *
   * `projects.get`: auth api_key|session|token; group 2; idempotent.
   * @param params.project_id (required)
   */
  get(params: T.ProjectRef, options?: CallOptions): Promise<Outcome<T.ProjectDetail, ProjectsGetFailure>>;
  /**
   * Import a GitHub repository (``owner/repo``) as a project and start cloning it.
   *
   * Idempotent: importing a repository again (in any letter case) returns the existing
   * project. The clone runs in the background; follow ``clone_status``
   * (``pending → cloning → ready | error``) with ``projects.get``.
   *
   * `projects.import`: auth api_key|session|token; group 2; idempotent.
   * @param params.github_full_name (required)
   * @param params.name
   * @param params.environment_type
   * @param params.default_branch
   */
  import(params: T.ImportProjectParams, options?: CallOptions): Promise<Outcome<T.ProjectView, ProjectsImportFailure>>;
  /**
   * List projects, newest first; pass ``next_cursor`` back as ``cursor`` for the next page.
   *
   * `projects.list`: auth api_key|session|token; group 2; idempotent.
   * @param params.limit
   * @param params.cursor
   */
  list(params?: T.ListProjectsParams, options?: CallOptions): Promise<Outcome<T.ProjectPage, ProjectsListFailure>>;
  /**
   * List every repository the stored GitHub credential (PAT or App installation) can see.
   *
   * Each carries ``project_id`` when it is already imported.
   *
   * `projects.list_accessible_repositories`: auth api_key|session|token; group 2; idempotent.
   */
  list_accessible_repositories(options?: CallOptions): Promise<Outcome<T.AccessibleRepositories, ProjectsListAccessibleRepositoriesFailure>>;
  /**
   * List a project's secret bindings: variable names and secret refs, never values.
   *
   * `projects.list_secret_bindings`: auth api_key|session|token; group 2; idempotent.
   * @param params.project_id (required)
   */
  list_secret_bindings(params: T.ProjectRef, options?: CallOptions): Promise<Outcome<T.SecretBindingList, ProjectsListSecretBindingsFailure>>;
  /**
   * Fetch the latest from GitHub into the workspace (or clone it again after an error).
   *
   * Moves a ``ready`` or ``error`` project to ``cloning``; refused while a clone or sync
   * is already under way.
   *
   * `projects.sync`: auth api_key|session|token; group 2; not idempotent.
   * @param params.project_id (required)
   */
  sync(params: T.ProjectRef, options?: CallOptions): Promise<Outcome<T.ProjectView, ProjectsSyncFailure>>;
  /**
   * Remove the binding of one environment variable (the secret stays in the store).
   *
   * `projects.unbind_secret`: auth api_key|session|token; group 2; not idempotent.
   * @param params.project_id (required)
   * @param params.env_var_name (required)
   */
  unbind_secret(params: T.UnbindSecretParams, options?: CallOptions): Promise<Outcome<T.Unbound, ProjectsUnbindSecretFailure>>;
  /**
   * Change a project's name, default branch, environment type or settings.
   *
   * Absent fields keep their value; the repository and workspace path never change.
   *
   * `projects.update`: auth api_key|session|token; group 2; idempotent.
   * @param params.project_id (required)
   * @param params.name
   * @param params.default_branch
   * @param params.environment_type
   * @param params.settings
   */
  update(params: T.UpdateProjectParams, options?: CallOptions): Promise<Outcome<T.ProjectView, ProjectsUpdateFailure>>;
  /**
   * The workspace's clone status, checked-out branch, HEAD commit and changed files.
   *
   * `projects.workspace_status`: auth api_key|session|token; group 2; idempotent.
   * @param params.project_id (required)
   */
  workspace_status(params: T.ProjectRef, options?: CallOptions): Promise<Outcome<T.WorkspaceStatus, ProjectsWorkspaceStatusFailure>>;
}

/**
 * Methods of the `rpc` domain; each throws an `RpcError`.
 */
export interface RpcApi {
  /**
   * The OpenRPC 1.3 document describing every method of this server.
   *
   * `rpc.discover`: auth anonymous; group 1; idempotent.
   * @throws RpcError<RpcDiscoverFailure>, kind one of: internal, invalid_params, inventory_mismatch, timeout
   */
  discover(options?: CallOptions): Promise<{ [key: string]: unknown }>;
}

/**
 * Methods of the `rpc` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeRpcApi {
  /**
   * The OpenRPC 1.3 document describing every method of this server.
   *
   * `rpc.discover`: auth anonymous; group 1; idempotent.
   */
  discover(options?: CallOptions): Promise<Outcome<{ [key: string]: unknown }, RpcDiscoverFailure>>;
}

/**
 * Methods of the `setup` domain; each throws an `RpcError`.
 */
export interface SetupApi {
  /**
   * Mark onboarding complete; refused until every earlier step has passed.
   *
   * `setup.complete_onboarding`: auth api_key|session|token; group 1; idempotent.
   * @throws RpcError<SetupCompleteOnboardingFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  complete_onboarding(options?: CallOptions): Promise<T.SystemConfigView>;
  /**
   * The instance configuration and onboarding state.
   *
   * `setup.get_config`: auth api_key|session|token; group 1; idempotent.
   * @throws RpcError<SetupGetConfigFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated
   */
  get_config(options?: CallOptions): Promise<T.SystemConfigView>;
  /**
   * The server's X25519 public key (base64): seal a secret to it with a libsodium sealed
   * box and send the base64 box as ``sealed_value`` to keep plaintext out of proxies and
   * logs.
   *
   * `setup.get_sealing_key`: auth api_key|session|token; group 1; idempotent.
   * @throws RpcError<SetupGetSealingKeyFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, secret_unavailable, timeout, unauthenticated
   */
  get_sealing_key(options?: CallOptions): Promise<T.SealingKeyView>;
  /**
   * Every provider with its credential status and metadata (never the secret).
   *
   * `setup.list_provider_credentials`: auth api_key|session|token; group 1; idempotent.
   * @throws RpcError<SetupListProviderCredentialsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated
   */
  list_provider_credentials(options?: CallOptions): Promise<T.ProviderCredentialList>;
  /**
   * The secret audit trail (create, rotate, revoke, rewrap), newest first.
   *
   * `setup.list_secret_audits`: auth api_key|session|token; group 1; idempotent.
   * @param params.secret_ref_id
   * @param params.cursor
   * @param params.limit
   * @throws RpcError<SetupListSecretAuditsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_secret_audits(params?: T.ListAuditsParams, options?: CallOptions): Promise<T.SecretAuditPage>;
  /**
   * Stored secrets' metadata, newest first, paginated by cursor.
   *
   * `setup.list_secrets`: auth api_key|session|token; group 1; idempotent.
   * @param params.scope
   * @param params.cursor
   * @param params.limit
   * @throws RpcError<SetupListSecretsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  list_secrets(params?: T.ListSecretsParams, options?: CallOptions): Promise<T.SecretPage>;
  /**
   * Store a new secret under ``(scope, name)`` from ``value`` or ``sealed_value``;
   * answers its metadata, never the value.
   *
   * `setup.put_secret`: auth api_key|session|token; group 1; not idempotent.
   * @param params.value
   * @param params.sealed_value
   * @param params.scope (required)
   * @param params.name (required)
   * @param params.expires_at
   * @throws RpcError<SetupPutSecretFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  put_secret(params: T.PutSecretParams, options?: CallOptions): Promise<T.SecretRefView>;
  /**
   * Forget a provider's credential and revoke its stored secret.
   *
   * `setup.remove_provider_credential`: auth api_key|session|token; group 1; not idempotent.
   * @param params.provider (required)
   * @throws RpcError<SetupRemoveProviderCredentialFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  remove_provider_credential(params: T.ProviderParams, options?: CallOptions): Promise<T.ProviderCredentialView>;
  /**
   * Revoke a secret: its value is erased at once; revoking twice is a conflict.
   *
   * `setup.revoke_secret`: auth api_key|session|token; group 1; not idempotent.
   * @param params.secret_ref_id (required)
   * @throws RpcError<SetupRevokeSecretFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated
   */
  revoke_secret(params: T.SecretIdParams, options?: CallOptions): Promise<T.SecretRefView>;
  /**
   * Re-seal every value under an older key with the newest key, in batches; safe to
   * repeat (a second run changes nothing). Large stores: prefer ``jidocode secrets
   * rewrap``, which is not bound by the call deadline.
   *
   * `setup.rewrap_secrets`: auth api_key|session|token; group 1; idempotent.
   * @param params.batch_size
   * @throws RpcError<SetupRewrapSecretsFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, secret_unavailable, timeout, unauthenticated
   */
  rewrap_secrets(params?: T.RewrapParams, options?: CallOptions): Promise<T.RewrapReport>;
  /**
   * Replace an active secret's value (sealed with the newest key).
   *
   * `setup.rotate_secret`: auth api_key|session|token; group 1; not idempotent.
   * @param params.value
   * @param params.sealed_value
   * @param params.secret_ref_id (required)
   * @param params.expires_at
   * @throws RpcError<SetupRotateSecretFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, not_found, timeout, unauthenticated, validation_error
   */
  rotate_secret(params: T.RotateSecretParams, options?: CallOptions): Promise<T.SecretRefView>;
  /**
   * Run the welcome step's prerequisite checks (database reachable, key ring loaded,
   * workspace root writable when local), each ``pass``, ``fail`` or ``timeout`` with a
   * remediation text.
   *
   * `setup.run_checks`: auth api_key|session|token; group 1; idempotent.
   * @throws RpcError<SetupRunChecksFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated
   */
  run_checks(options?: CallOptions): Promise<T.ChecksReport>;
  /**
   * Validate one onboarding step (``payload.step`` selects its fields) and store its
   * result; onboarding advances only when the step passes. A failing step stores nothing
   * and answers ``validation_error`` naming what to fix; a step after the current one is
   * an ``invalid_transition``.
   *
   * `setup.save_step`: auth api_key|session|token; group 1; idempotent.
   * @param params.payload (required)
   * @throws RpcError<SetupSaveStepFailure>, kind one of: forbidden, internal, invalid_params, invalid_transition, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  save_step(params: T.SaveStepParams, options?: CallOptions): Promise<T.SaveStepResult>;
  /**
   * Store or replace a provider's credential, given as ``value`` or ``sealed_value``; it
   * stays ``unverified`` until ``setup.verify_provider_credential``.
   *
   * `setup.set_provider_credential`: auth api_key|session|token; group 1; not idempotent.
   * @param params.value
   * @param params.sealed_value
   * @param params.provider (required)
   * @throws RpcError<SetupSetProviderCredentialFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  set_provider_credential(params: T.SetProviderCredentialParams, options?: CallOptions): Promise<T.ProviderCredentialView>;
  /**
   * Where this instance stands: whether an owner exists, onboarding progress with each
   * step's done flag, and ``next_action`` (``bootstrap_owner``, ``onboarding`` or ``ready``)
   * so a fresh frontend knows where to route. Needs no credentials.
   *
   * `setup.status`: auth anonymous; group 1; idempotent.
   * @throws RpcError<SetupStatusFailure>, kind one of: internal, invalid_params, inventory_mismatch, timeout
   */
  status(options?: CallOptions): Promise<T.SetupStatus>;
  /**
   * Change deployment mode, default environment, workspace root or the default issue-bot
   * policy; a local workspace root must be an absolute, existing, writable directory.
   *
   * `setup.update_config`: auth api_key|session|token; group 1; idempotent.
   * @param params.deployment_mode
   * @param params.default_environment
   * @param params.workspace_root
   * @param params.issue_bot_policy
   * @throws RpcError<SetupUpdateConfigFailure>, kind one of: forbidden, internal, invalid_params, inventory_mismatch, timeout, unauthenticated, validation_error
   */
  update_config(params?: T.UpdateConfigParams, options?: CallOptions): Promise<T.SystemConfigView>;
  /**
   * Call the provider's API with the stored credential and record ``active`` or
   * ``invalid`` with the provider's (redacted) reason.
   *
   * `setup.verify_provider_credential`: auth api_key|session|token; group 1; idempotent.
   * @param params.provider (required)
   * @throws RpcError<SetupVerifyProviderCredentialFailure>, kind one of: conflict, forbidden, internal, invalid_params, inventory_mismatch, not_found, provider_error, secret_unavailable, timeout, unauthenticated, validation_error
   */
  verify_provider_credential(params: T.ProviderParams, options?: CallOptions): Promise<T.ProviderCredentialView>;
}

/**
 * Methods of the `setup` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeSetupApi {
  /**
   * Mark onboarding complete; refused until every earlier step has passed.
   *
   * `setup.complete_onboarding`: auth api_key|session|token; group 1; idempotent.
   */
  complete_onboarding(options?: CallOptions): Promise<Outcome<T.SystemConfigView, SetupCompleteOnboardingFailure>>;
  /**
   * The instance configuration and onboarding state.
   *
   * `setup.get_config`: auth api_key|session|token; group 1; idempotent.
   */
  get_config(options?: CallOptions): Promise<Outcome<T.SystemConfigView, SetupGetConfigFailure>>;
  /**
   * The server's X25519 public key (base64): seal a secret to it with a libsodium sealed
   * box and send the base64 box as ``sealed_value`` to keep plaintext out of proxies and
   * logs.
   *
   * `setup.get_sealing_key`: auth api_key|session|token; group 1; idempotent.
   */
  get_sealing_key(options?: CallOptions): Promise<Outcome<T.SealingKeyView, SetupGetSealingKeyFailure>>;
  /**
   * Every provider with its credential status and metadata (never the secret).
   *
   * `setup.list_provider_credentials`: auth api_key|session|token; group 1; idempotent.
   */
  list_provider_credentials(options?: CallOptions): Promise<Outcome<T.ProviderCredentialList, SetupListProviderCredentialsFailure>>;
  /**
   * The secret audit trail (create, rotate, revoke, rewrap), newest first.
   *
   * `setup.list_secret_audits`: auth api_key|session|token; group 1; idempotent.
   * @param params.secret_ref_id
   * @param params.cursor
   * @param params.limit
   */
  list_secret_audits(params?: T.ListAuditsParams, options?: CallOptions): Promise<Outcome<T.SecretAuditPage, SetupListSecretAuditsFailure>>;
  /**
   * Stored secrets' metadata, newest first, paginated by cursor.
   *
   * `setup.list_secrets`: auth api_key|session|token; group 1; idempotent.
   * @param params.scope
   * @param params.cursor
   * @param params.limit
   */
  list_secrets(params?: T.ListSecretsParams, options?: CallOptions): Promise<Outcome<T.SecretPage, SetupListSecretsFailure>>;
  /**
   * Store a new secret under ``(scope, name)`` from ``value`` or ``sealed_value``;
   * answers its metadata, never the value.
   *
   * `setup.put_secret`: auth api_key|session|token; group 1; not idempotent.
   * @param params.value
   * @param params.sealed_value
   * @param params.scope (required)
   * @param params.name (required)
   * @param params.expires_at
   */
  put_secret(params: T.PutSecretParams, options?: CallOptions): Promise<Outcome<T.SecretRefView, SetupPutSecretFailure>>;
  /**
   * Forget a provider's credential and revoke its stored secret.
   *
   * `setup.remove_provider_credential`: auth api_key|session|token; group 1; not idempotent.
   * @param params.provider (required)
   */
  remove_provider_credential(params: T.ProviderParams, options?: CallOptions): Promise<Outcome<T.ProviderCredentialView, SetupRemoveProviderCredentialFailure>>;
  /**
   * Revoke a secret: its value is erased at once; revoking twice is a conflict.
   *
   * `setup.revoke_secret`: auth api_key|session|token; group 1; not idempotent.
   * @param params.secret_ref_id (required)
   */
  revoke_secret(params: T.SecretIdParams, options?: CallOptions): Promise<Outcome<T.SecretRefView, SetupRevokeSecretFailure>>;
  /**
   * Re-seal every value under an older key with the newest key, in batches; safe to
   * repeat (a second run changes nothing). Large stores: prefer ``jidocode secrets
   * rewrap``, which is not bound by the call deadline.
   *
   * `setup.rewrap_secrets`: auth api_key|session|token; group 1; idempotent.
   * @param params.batch_size
   */
  rewrap_secrets(params?: T.RewrapParams, options?: CallOptions): Promise<Outcome<T.RewrapReport, SetupRewrapSecretsFailure>>;
  /**
   * Replace an active secret's value (sealed with the newest key).
   *
   * `setup.rotate_secret`: auth api_key|session|token; group 1; not idempotent.
   * @param params.value
   * @param params.sealed_value
   * @param params.secret_ref_id (required)
   * @param params.expires_at
   */
  rotate_secret(params: T.RotateSecretParams, options?: CallOptions): Promise<Outcome<T.SecretRefView, SetupRotateSecretFailure>>;
  /**
   * Run the welcome step's prerequisite checks (database reachable, key ring loaded,
   * workspace root writable when local), each ``pass``, ``fail`` or ``timeout`` with a
   * remediation text.
   *
   * `setup.run_checks`: auth api_key|session|token; group 1; idempotent.
   */
  run_checks(options?: CallOptions): Promise<Outcome<T.ChecksReport, SetupRunChecksFailure>>;
  /**
   * Validate one onboarding step (``payload.step`` selects its fields) and store its
   * result; onboarding advances only when the step passes. A failing step stores nothing
   * and answers ``validation_error`` naming what to fix; a step after the current one is
   * an ``invalid_transition``.
   *
   * `setup.save_step`: auth api_key|session|token; group 1; idempotent.
   * @param params.payload (required)
   */
  save_step(params: T.SaveStepParams, options?: CallOptions): Promise<Outcome<T.SaveStepResult, SetupSaveStepFailure>>;
  /**
   * Store or replace a provider's credential, given as ``value`` or ``sealed_value``; it
   * stays ``unverified`` until ``setup.verify_provider_credential``.
   *
   * `setup.set_provider_credential`: auth api_key|session|token; group 1; not idempotent.
   * @param params.value
   * @param params.sealed_value
   * @param params.provider (required)
   */
  set_provider_credential(params: T.SetProviderCredentialParams, options?: CallOptions): Promise<Outcome<T.ProviderCredentialView, SetupSetProviderCredentialFailure>>;
  /**
   * Where this instance stands: whether an owner exists, onboarding progress with each
   * step's done flag, and ``next_action`` (``bootstrap_owner``, ``onboarding`` or ``ready``)
   * so a fresh frontend knows where to route. Needs no credentials.
   *
   * `setup.status`: auth anonymous; group 1; idempotent.
   */
  status(options?: CallOptions): Promise<Outcome<T.SetupStatus, SetupStatusFailure>>;
  /**
   * Change deployment mode, default environment, workspace root or the default issue-bot
   * policy; a local workspace root must be an absolute, existing, writable directory.
   *
   * `setup.update_config`: auth api_key|session|token; group 1; idempotent.
   * @param params.deployment_mode
   * @param params.default_environment
   * @param params.workspace_root
   * @param params.issue_bot_policy
   */
  update_config(params?: T.UpdateConfigParams, options?: CallOptions): Promise<Outcome<T.SystemConfigView, SetupUpdateConfigFailure>>;
  /**
   * Call the provider's API with the stored credential and record ``active`` or
   * ``invalid`` with the provider's (redacted) reason.
   *
   * `setup.verify_provider_credential`: auth api_key|session|token; group 1; idempotent.
   * @param params.provider (required)
   */
  verify_provider_credential(params: T.ProviderParams, options?: CallOptions): Promise<Outcome<T.ProviderCredentialView, SetupVerifyProviderCredentialFailure>>;
}

/**
 * Methods of the `system` domain; each throws an `RpcError`.
 */
export interface SystemApi {
  /**
   * Answer at once, touching nothing: the cheapest proof the server is up.
   *
   * `system.ping`: auth anonymous; group 1; idempotent.
   * @throws RpcError<SystemPingFailure>, kind one of: internal, invalid_params, inventory_mismatch, timeout
   */
  ping(options?: CallOptions): Promise<T.Pong>;
  /**
   * The package version, the inventory version clients must match, and PostgreSQL's.
   *
   * `system.version`: auth anonymous; group 1; idempotent.
   * @throws RpcError<SystemVersionFailure>, kind one of: internal, invalid_params, inventory_mismatch, timeout
   */
  version(options?: CallOptions): Promise<T.VersionInfo>;
}

/**
 * Methods of the `system` domain; each resolves to `{ ok, value | error }`.
 */
export interface SafeSystemApi {
  /**
   * Answer at once, touching nothing: the cheapest proof the server is up.
   *
   * `system.ping`: auth anonymous; group 1; idempotent.
   */
  ping(options?: CallOptions): Promise<Outcome<T.Pong, SystemPingFailure>>;
  /**
   * The package version, the inventory version clients must match, and PostgreSQL's.
   *
   * `system.version`: auth anonymous; group 1; idempotent.
   */
  version(options?: CallOptions): Promise<Outcome<T.VersionInfo, SystemVersionFailure>>;
}

/**
 * A JidoCode RPC client: one namespace per domain (`client.system.ping()`).
 * `client.safe.<domain>.<method>` returns `{ ok, value | error }` instead of
 * throwing.
 */
export interface Client {
  readonly transport: Transport;
  /**
   * A topic's events after `options.after`, live (`GET /events`), resuming after a
   * dropped connection without a gap or a duplicate; typed by the topic's family.
   */
  subscribe<K extends string>(topic: K, options?: SubscribeOptions): AsyncGenerator<EventOfTopic<K>, void, undefined>;
  readonly accounts: AccountsApi;
  readonly agents: AgentsApi;
  readonly events: EventsApi;
  readonly forge: ForgeApi;
  readonly github: GithubApi;
  readonly orchestration: OrchestrationApi;
  readonly projects: ProjectsApi;
  readonly rpc: RpcApi;
  readonly setup: SetupApi;
  readonly system: SystemApi;
  readonly safe: {
    readonly accounts: SafeAccountsApi;
    readonly agents: SafeAgentsApi;
    readonly events: SafeEventsApi;
    readonly forge: SafeForgeApi;
    readonly github: SafeGithubApi;
    readonly orchestration: SafeOrchestrationApi;
    readonly projects: SafeProjectsApi;
    readonly rpc: SafeRpcApi;
    readonly setup: SafeSetupApi;
    readonly system: SafeSystemApi;
  };
}

/**
 * An event of `deliveries`: Every webhook delivery's moves: received, its outcome, requeued.
 */
export interface DeliveriesTopicEvent {
  topic: "deliveries";
  seq: number;
  type: "delivery.failed" | "delivery.ignored" | "delivery.processed" | "delivery.received" | "delivery.requeued";
  data: T.DeliveryEventPayload;
  at: string;
}

/**
 * An event of `forge:session:{id}`: Every event of one Forge session, in order: phase moves, executions and their output, a coding agent's events, checkpoints.
 */
export interface ForgeSessionTopicEvent {
  topic: `forge:session:${string}`;
  seq: number;
  type: "agent.init" | "agent.message" | "agent.result" | "agent.tool_call" | "agent.tool_result" | "agent.warning" | "checkpoint.created" | "checkpoint.restored" | "exec.completed" | "exec.output" | "exec.started" | "session.cancelled" | "session.completed" | "session.failed" | "session.input_applied" | "session.needs_input" | "session.ready" | "session.started";
  data: T.SessionEventPayload;
  at: string;
}

/**
 * An event of `forge:sessions`: Every Forge session's phase moves.
 */
export interface ForgeSessionsTopicEvent {
  topic: "forge:sessions";
  seq: number;
  type: "exec.completed" | "exec.started" | "session.cancelled" | "session.completed" | "session.failed" | "session.input_applied" | "session.needs_input" | "session.ready" | "session.started";
  data: T.SessionPhasePayload;
  at: string;
}

/**
 * An event of `run:{id}`: Every event of one workflow run, in order: its status moves and its steps' events (step_session_started names the Forge session whose topic carries the step's output).
 */
export interface RunTopicEvent {
  topic: `run:${string}`;
  seq: number;
  type: "approval_granted" | "approval_rejected" | "approval_requested" | "run_cancelled" | "run_completed" | "run_failed" | "run_started" | "step_completed" | "step_failed" | "step_session_started" | "step_started";
  data: T.RunEventPayload;
  at: string;
}

/**
 * An event of `runs`: Every run's status moves, across projects.
 */
export interface RunsTopicEvent {
  topic: "runs";
  seq: number;
  type: "approval_granted" | "approval_rejected" | "approval_requested" | "run_cancelled" | "run_completed" | "run_failed" | "run_started" | "step_completed" | "step_failed" | "step_session_started" | "step_started";
  data: T.RunEventPayload;
  at: string;
}

/**
 * An event of any topic.
 */
export type TopicEvent = DeliveriesTopicEvent | ForgeSessionTopicEvent | ForgeSessionsTopicEvent | RunTopicEvent | RunsTopicEvent;

/**
 * The events a topic carries, from the topic's text.
 */
export type EventOfTopic<K extends string> =
  K extends "deliveries" ? DeliveriesTopicEvent :
  K extends "forge:sessions" ? ForgeSessionsTopicEvent :
  K extends "runs" ? RunsTopicEvent :
  K extends `forge:session:${string}` ? ForgeSessionTopicEvent :
  K extends `run:${string}` ? RunTopicEvent :
  TopicEvent;

/**
 * Each topic family's event types, from the schema.
 */
export const TOPICS = {
  "deliveries": ["delivery.failed", "delivery.ignored", "delivery.processed", "delivery.received", "delivery.requeued"],
  "forge:session:{id}": ["agent.init", "agent.message", "agent.result", "agent.tool_call", "agent.tool_result", "agent.warning", "checkpoint.created", "checkpoint.restored", "exec.completed", "exec.output", "exec.started", "session.cancelled", "session.completed", "session.failed", "session.input_applied", "session.needs_input", "session.ready", "session.started"],
  "forge:sessions": ["exec.completed", "exec.started", "session.cancelled", "session.completed", "session.failed", "session.input_applied", "session.needs_input", "session.ready", "session.started"],
  "run:{id}": ["approval_granted", "approval_rejected", "approval_requested", "run_cancelled", "run_completed", "run_failed", "run_started", "step_completed", "step_failed", "step_session_started", "step_started"],
  "runs": ["approval_granted", "approval_rejected", "approval_requested", "run_cancelled", "run_completed", "run_failed", "run_started", "step_completed", "step_failed", "step_session_started", "step_started"],
} as const;

/**
 * Creates a client; calls made in the same tick share one HTTP request.
 */
export function createClient(options: ClientOptions): Client {
  const t = new Transport({ inventoryVersion: INVENTORY_VERSION, ...options });
  return {
    transport: t,
    subscribe: <K extends string>(topic: K, options?: SubscribeOptions) =>
      subscribeTopic<EventOfTopic<K>>(t, topic, options),
    accounts: {
      bootstrap_owner: (params, options?) =>
        t.call<T.OwnerView, AccountsBootstrapOwnerFailure>("accounts.bootstrap_owner", params, options),
      change_password: (params, options?) =>
        t.call<T.ChangePasswordResult, AccountsChangePasswordFailure>("accounts.change_password", params, options),
      create_api_key: (params, options?) =>
        t.call<T.CreatedApiKey, AccountsCreateApiKeyFailure>("accounts.create_api_key", params, options),
      list_api_keys: (params?, options?) =>
        t.call<T.ApiKeyPage, AccountsListApiKeysFailure>("accounts.list_api_keys", params, options),
      list_tokens: (params?, options?) =>
        t.call<T.TokenPage, AccountsListTokensFailure>("accounts.list_tokens", params, options),
      me: (options?) =>
        t.call<T.MeView, AccountsMeFailure>("accounts.me", undefined, options),
      revoke_api_key: (params, options?) =>
        t.call<T.ApiKeyView, AccountsRevokeApiKeyFailure>("accounts.revoke_api_key", params, options),
      revoke_token: (params, options?) =>
        t.call<T.TokenView, AccountsRevokeTokenFailure>("accounts.revoke_token", params, options),
      sign_in: (params, options?) =>
        t.call<T.SignInResult, AccountsSignInFailure>("accounts.sign_in", params, options),
      sign_out: (options?) =>
        t.call<T.SignOutResult, AccountsSignOutFailure>("accounts.sign_out", undefined, options),
    },
    agents: {
      delete_config: (params, options?) =>
        t.call<T.AgentConfigDeleted, AgentsDeleteConfigFailure>("agents.delete_config", params, options),
      get_config: (params, options?) =>
        t.call<T.AgentConfigView, AgentsGetConfigFailure>("agents.get_config", params, options),
      list_configs: (params?, options?) =>
        t.call<T.AgentConfigList, AgentsListConfigsFailure>("agents.list_configs", params, options),
      set_enabled: (params, options?) =>
        t.call<T.AgentConfigView, AgentsSetEnabledFailure>("agents.set_enabled", params, options),
      upsert_config: (params, options?) =>
        t.call<T.AgentConfigView, AgentsUpsertConfigFailure>("agents.upsert_config", params, options),
    },
    events: {
      list: (params, options?) =>
        t.call<T.EventItemPage, EventsListFailure>("events.list", params, options),
    },
    forge: {
      apply_input: (params, options?) =>
        t.call<T.Exec, ForgeApplyInputFailure>("forge.apply_input", params, options),
      cancel_session: (params, options?) =>
        t.call<T.Session, ForgeCancelSessionFailure>("forge.cancel_session", params, options),
      complete_session: (params, options?) =>
        t.call<T.Session, ForgeCompleteSessionFailure>("forge.complete_session", params, options),
      create_checkpoint: (params, options?) =>
        t.call<T.Checkpoint, ForgeCreateCheckpointFailure>("forge.create_checkpoint", params, options),
      exec: (params, options?) =>
        t.call<T.Exec, ForgeExecFailure>("forge.exec", params, options),
      get_exec: (params, options?) =>
        t.call<T.ExecDetail, ForgeGetExecFailure>("forge.get_exec", params, options),
      get_session: (params, options?) =>
        t.call<T.SessionDetail, ForgeGetSessionFailure>("forge.get_session", params, options),
      list_events: (params, options?) =>
        t.call<T.EventPage, ForgeListEventsFailure>("forge.list_events", params, options),
      list_sessions: (params?, options?) =>
        t.call<T.SessionPage, ForgeListSessionsFailure>("forge.list_sessions", params, options),
      restore_checkpoint: (params, options?) =>
        t.call<T.Checkpoint, ForgeRestoreCheckpointFailure>("forge.restore_checkpoint", params, options),
      start_session: (params, options?) =>
        t.call<T.Session, ForgeStartSessionFailure>("forge.start_session", params, options),
    },
    github: {
      get_delivery: (params, options?) =>
        t.call<T.Delivery, GithubGetDeliveryFailure>("github.get_delivery", params, options),
      get_issue_analysis: (params, options?) =>
        t.call<T.IssueAnalysis, GithubGetIssueAnalysisFailure>("github.get_issue_analysis", params, options),
      list_deliveries: (params?, options?) =>
        t.call<T.DeliveryPage, GithubListDeliveriesFailure>("github.list_deliveries", params, options),
      list_issue_analyses: (params?, options?) =>
        t.call<T.IssueAnalysisPage, GithubListIssueAnalysesFailure>("github.list_issue_analyses", params, options),
      list_repos: (params?, options?) =>
        t.call<T.RepoPage, GithubListReposFailure>("github.list_repos", params, options),
      reprocess_delivery: (params, options?) =>
        t.call<T.Delivery, GithubReprocessDeliveryFailure>("github.reprocess_delivery", params, options),
      set_webhook_secret: (params?, options?) =>
        t.call<T.WebhookSecretSet, GithubSetWebhookSecretFailure>("github.set_webhook_secret", params, options),
    },
    orchestration: {
      approve_run: (params, options?) =>
        t.call<T.RunView, OrchestrationApproveRunFailure>("orchestration.approve_run", params, options),
      cancel_run: (params, options?) =>
        t.call<T.RunView, OrchestrationCancelRunFailure>("orchestration.cancel_run", params, options),
      create_definition: (params, options?) =>
        t.call<T.DefinitionView, OrchestrationCreateDefinitionFailure>("orchestration.create_definition", params, options),
      get_artifact: (params, options?) =>
        t.call<T.ArtifactView, OrchestrationGetArtifactFailure>("orchestration.get_artifact", params, options),
      get_definition: (params, options?) =>
        t.call<T.DefinitionView, OrchestrationGetDefinitionFailure>("orchestration.get_definition", params, options),
      get_pull_request: (params, options?) =>
        t.call<T.PullRequestView, OrchestrationGetPullRequestFailure>("orchestration.get_pull_request", params, options),
      get_run: (params, options?) =>
        t.call<T.RunView, OrchestrationGetRunFailure>("orchestration.get_run", params, options),
      list_artifacts: (params, options?) =>
        t.call<T.ArtifactPage, OrchestrationListArtifactsFailure>("orchestration.list_artifacts", params, options),
      list_definitions: (params?, options?) =>
        t.call<T.DefinitionPage, OrchestrationListDefinitionsFailure>("orchestration.list_definitions", params, options),
      list_pending_approvals: (params?, options?) =>
        t.call<T.ApprovalPage, OrchestrationListPendingApprovalsFailure>("orchestration.list_pending_approvals", params, options),
      list_pull_requests: (params?, options?) =>
        t.call<T.PullRequestPage, OrchestrationListPullRequestsFailure>("orchestration.list_pull_requests", params, options),
      list_run_events: (params?, options?) =>
        t.call<T.RunEventPage, OrchestrationListRunEventsFailure>("orchestration.list_run_events", params, options),
      list_runs: (params?, options?) =>
        t.call<T.RunPage, OrchestrationListRunsFailure>("orchestration.list_runs", params, options),
      list_step_runs: (params, options?) =>
        t.call<T.StepRunList, OrchestrationListStepRunsFailure>("orchestration.list_step_runs", params, options),
      reject_run: (params, options?) =>
        t.call<T.RunView, OrchestrationRejectRunFailure>("orchestration.reject_run", params, options),
      retry_run: (params, options?) =>
        t.call<T.RunView, OrchestrationRetryRunFailure>("orchestration.retry_run", params, options),
      start_run: (params, options?) =>
        t.call<T.RunView, OrchestrationStartRunFailure>("orchestration.start_run", params, options),
      sync_pull_request: (params, options?) =>
        t.call<T.PullRequestView, OrchestrationSyncPullRequestFailure>("orchestration.sync_pull_request", params, options),
      update_definition: (params, options?) =>
        t.call<T.DefinitionView, OrchestrationUpdateDefinitionFailure>("orchestration.update_definition", params, options),
    },
    projects: {
      bind_secret: (params, options?) =>
        t.call<T.SecretBindingView, ProjectsBindSecretFailure>("projects.bind_secret", params, options),
      get: (params, options?) =>
        t.call<T.ProjectDetail, ProjectsGetFailure>("projects.get", params, options),
      import: (params, options?) =>
        t.call<T.ProjectView, ProjectsImportFailure>("projects.import", params, options),
      list: (params?, options?) =>
        t.call<T.ProjectPage, ProjectsListFailure>("projects.list", params, options),
      list_accessible_repositories: (options?) =>
        t.call<T.AccessibleRepositories, ProjectsListAccessibleRepositoriesFailure>("projects.list_accessible_repositories", undefined, options),
      list_secret_bindings: (params, options?) =>
        t.call<T.SecretBindingList, ProjectsListSecretBindingsFailure>("projects.list_secret_bindings", params, options),
      sync: (params, options?) =>
        t.call<T.ProjectView, ProjectsSyncFailure>("projects.sync", params, options),
      unbind_secret: (params, options?) =>
        t.call<T.Unbound, ProjectsUnbindSecretFailure>("projects.unbind_secret", params, options),
      update: (params, options?) =>
        t.call<T.ProjectView, ProjectsUpdateFailure>("projects.update", params, options),
      workspace_status: (params, options?) =>
        t.call<T.WorkspaceStatus, ProjectsWorkspaceStatusFailure>("projects.workspace_status", params, options),
    },
    rpc: {
      discover: (options?) =>
        t.call<{ [key: string]: unknown }, RpcDiscoverFailure>("rpc.discover", undefined, options),
    },
    setup: {
      complete_onboarding: (options?) =>
        t.call<T.SystemConfigView, SetupCompleteOnboardingFailure>("setup.complete_onboarding", undefined, options),
      get_config: (options?) =>
        t.call<T.SystemConfigView, SetupGetConfigFailure>("setup.get_config", undefined, options),
      get_sealing_key: (options?) =>
        t.call<T.SealingKeyView, SetupGetSealingKeyFailure>("setup.get_sealing_key", undefined, options),
      list_provider_credentials: (options?) =>
        t.call<T.ProviderCredentialList, SetupListProviderCredentialsFailure>("setup.list_provider_credentials", undefined, options),
      list_secret_audits: (params?, options?) =>
        t.call<T.SecretAuditPage, SetupListSecretAuditsFailure>("setup.list_secret_audits", params, options),
      list_secrets: (params?, options?) =>
        t.call<T.SecretPage, SetupListSecretsFailure>("setup.list_secrets", params, options),
      put_secret: (params, options?) =>
        t.call<T.SecretRefView, SetupPutSecretFailure>("setup.put_secret", params, options),
      remove_provider_credential: (params, options?) =>
        t.call<T.ProviderCredentialView, SetupRemoveProviderCredentialFailure>("setup.remove_provider_credential", params, options),
      revoke_secret: (params, options?) =>
        t.call<T.SecretRefView, SetupRevokeSecretFailure>("setup.revoke_secret", params, options),
      rewrap_secrets: (params?, options?) =>
        t.call<T.RewrapReport, SetupRewrapSecretsFailure>("setup.rewrap_secrets", params, options),
      rotate_secret: (params, options?) =>
        t.call<T.SecretRefView, SetupRotateSecretFailure>("setup.rotate_secret", params, options),
      run_checks: (options?) =>
        t.call<T.ChecksReport, SetupRunChecksFailure>("setup.run_checks", undefined, options),
      save_step: (params, options?) =>
        t.call<T.SaveStepResult, SetupSaveStepFailure>("setup.save_step", params, options),
      set_provider_credential: (params, options?) =>
        t.call<T.ProviderCredentialView, SetupSetProviderCredentialFailure>("setup.set_provider_credential", params, options),
      status: (options?) =>
        t.call<T.SetupStatus, SetupStatusFailure>("setup.status", undefined, options),
      update_config: (params?, options?) =>
        t.call<T.SystemConfigView, SetupUpdateConfigFailure>("setup.update_config", params, options),
      verify_provider_credential: (params, options?) =>
        t.call<T.ProviderCredentialView, SetupVerifyProviderCredentialFailure>("setup.verify_provider_credential", params, options),
    },
    system: {
      ping: (options?) =>
        t.call<T.Pong, SystemPingFailure>("system.ping", undefined, options),
      version: (options?) =>
        t.call<T.VersionInfo, SystemVersionFailure>("system.version", undefined, options),
    },
    safe: {
      accounts: {
        bootstrap_owner: (params, options?) =>
          t.settle<T.OwnerView, AccountsBootstrapOwnerFailure>("accounts.bootstrap_owner", params, options),
        change_password: (params, options?) =>
          t.settle<T.ChangePasswordResult, AccountsChangePasswordFailure>("accounts.change_password", params, options),
        create_api_key: (params, options?) =>
          t.settle<T.CreatedApiKey, AccountsCreateApiKeyFailure>("accounts.create_api_key", params, options),
        list_api_keys: (params?, options?) =>
          t.settle<T.ApiKeyPage, AccountsListApiKeysFailure>("accounts.list_api_keys", params, options),
        list_tokens: (params?, options?) =>
          t.settle<T.TokenPage, AccountsListTokensFailure>("accounts.list_tokens", params, options),
        me: (options?) =>
          t.settle<T.MeView, AccountsMeFailure>("accounts.me", undefined, options),
        revoke_api_key: (params, options?) =>
          t.settle<T.ApiKeyView, AccountsRevokeApiKeyFailure>("accounts.revoke_api_key", params, options),
        revoke_token: (params, options?) =>
          t.settle<T.TokenView, AccountsRevokeTokenFailure>("accounts.revoke_token", params, options),
        sign_in: (params, options?) =>
          t.settle<T.SignInResult, AccountsSignInFailure>("accounts.sign_in", params, options),
        sign_out: (options?) =>
          t.settle<T.SignOutResult, AccountsSignOutFailure>("accounts.sign_out", undefined, options),
      },
      agents: {
        delete_config: (params, options?) =>
          t.settle<T.AgentConfigDeleted, AgentsDeleteConfigFailure>("agents.delete_config", params, options),
        get_config: (params, options?) =>
          t.settle<T.AgentConfigView, AgentsGetConfigFailure>("agents.get_config", params, options),
        list_configs: (params?, options?) =>
          t.settle<T.AgentConfigList, AgentsListConfigsFailure>("agents.list_configs", params, options),
        set_enabled: (params, options?) =>
          t.settle<T.AgentConfigView, AgentsSetEnabledFailure>("agents.set_enabled", params, options),
        upsert_config: (params, options?) =>
          t.settle<T.AgentConfigView, AgentsUpsertConfigFailure>("agents.upsert_config", params, options),
      },
      events: {
        list: (params, options?) =>
          t.settle<T.EventItemPage, EventsListFailure>("events.list", params, options),
      },
      forge: {
        apply_input: (params, options?) =>
          t.settle<T.Exec, ForgeApplyInputFailure>("forge.apply_input", params, options),
        cancel_session: (params, options?) =>
          t.settle<T.Session, ForgeCancelSessionFailure>("forge.cancel_session", params, options),
        complete_session: (params, options?) =>
          t.settle<T.Session, ForgeCompleteSessionFailure>("forge.complete_session", params, options),
        create_checkpoint: (params, options?) =>
          t.settle<T.Checkpoint, ForgeCreateCheckpointFailure>("forge.create_checkpoint", params, options),
        exec: (params, options?) =>
          t.settle<T.Exec, ForgeExecFailure>("forge.exec", params, options),
        get_exec: (params, options?) =>
          t.settle<T.ExecDetail, ForgeGetExecFailure>("forge.get_exec", params, options),
        get_session: (params, options?) =>
          t.settle<T.SessionDetail, ForgeGetSessionFailure>("forge.get_session", params, options),
        list_events: (params, options?) =>
          t.settle<T.EventPage, ForgeListEventsFailure>("forge.list_events", params, options),
        list_sessions: (params?, options?) =>
          t.settle<T.SessionPage, ForgeListSessionsFailure>("forge.list_sessions", params, options),
        restore_checkpoint: (params, options?) =>
          t.settle<T.Checkpoint, ForgeRestoreCheckpointFailure>("forge.restore_checkpoint", params, options),
        start_session: (params, options?) =>
          t.settle<T.Session, ForgeStartSessionFailure>("forge.start_session", params, options),
      },
      github: {
        get_delivery: (params, options?) =>
          t.settle<T.Delivery, GithubGetDeliveryFailure>("github.get_delivery", params, options),
        get_issue_analysis: (params, options?) =>
          t.settle<T.IssueAnalysis, GithubGetIssueAnalysisFailure>("github.get_issue_analysis", params, options),
        list_deliveries: (params?, options?) =>
          t.settle<T.DeliveryPage, GithubListDeliveriesFailure>("github.list_deliveries", params, options),
        list_issue_analyses: (params?, options?) =>
          t.settle<T.IssueAnalysisPage, GithubListIssueAnalysesFailure>("github.list_issue_analyses", params, options),
        list_repos: (params?, options?) =>
          t.settle<T.RepoPage, GithubListReposFailure>("github.list_repos", params, options),
        reprocess_delivery: (params, options?) =>
          t.settle<T.Delivery, GithubReprocessDeliveryFailure>("github.reprocess_delivery", params, options),
        set_webhook_secret: (params?, options?) =>
          t.settle<T.WebhookSecretSet, GithubSetWebhookSecretFailure>("github.set_webhook_secret", params, options),
      },
      orchestration: {
        approve_run: (params, options?) =>
          t.settle<T.RunView, OrchestrationApproveRunFailure>("orchestration.approve_run", params, options),
        cancel_run: (params, options?) =>
          t.settle<T.RunView, OrchestrationCancelRunFailure>("orchestration.cancel_run", params, options),
        create_definition: (params, options?) =>
          t.settle<T.DefinitionView, OrchestrationCreateDefinitionFailure>("orchestration.create_definition", params, options),
        get_artifact: (params, options?) =>
          t.settle<T.ArtifactView, OrchestrationGetArtifactFailure>("orchestration.get_artifact", params, options),
        get_definition: (params, options?) =>
          t.settle<T.DefinitionView, OrchestrationGetDefinitionFailure>("orchestration.get_definition", params, options),
        get_pull_request: (params, options?) =>
          t.settle<T.PullRequestView, OrchestrationGetPullRequestFailure>("orchestration.get_pull_request", params, options),
        get_run: (params, options?) =>
          t.settle<T.RunView, OrchestrationGetRunFailure>("orchestration.get_run", params, options),
        list_artifacts: (params, options?) =>
          t.settle<T.ArtifactPage, OrchestrationListArtifactsFailure>("orchestration.list_artifacts", params, options),
        list_definitions: (params?, options?) =>
          t.settle<T.DefinitionPage, OrchestrationListDefinitionsFailure>("orchestration.list_definitions", params, options),
        list_pending_approvals: (params?, options?) =>
          t.settle<T.ApprovalPage, OrchestrationListPendingApprovalsFailure>("orchestration.list_pending_approvals", params, options),
        list_pull_requests: (params?, options?) =>
          t.settle<T.PullRequestPage, OrchestrationListPullRequestsFailure>("orchestration.list_pull_requests", params, options),
        list_run_events: (params?, options?) =>
          t.settle<T.RunEventPage, OrchestrationListRunEventsFailure>("orchestration.list_run_events", params, options),
        list_runs: (params?, options?) =>
          t.settle<T.RunPage, OrchestrationListRunsFailure>("orchestration.list_runs", params, options),
        list_step_runs: (params, options?) =>
          t.settle<T.StepRunList, OrchestrationListStepRunsFailure>("orchestration.list_step_runs", params, options),
        reject_run: (params, options?) =>
          t.settle<T.RunView, OrchestrationRejectRunFailure>("orchestration.reject_run", params, options),
        retry_run: (params, options?) =>
          t.settle<T.RunView, OrchestrationRetryRunFailure>("orchestration.retry_run", params, options),
        start_run: (params, options?) =>
          t.settle<T.RunView, OrchestrationStartRunFailure>("orchestration.start_run", params, options),
        sync_pull_request: (params, options?) =>
          t.settle<T.PullRequestView, OrchestrationSyncPullRequestFailure>("orchestration.sync_pull_request", params, options),
        update_definition: (params, options?) =>
          t.settle<T.DefinitionView, OrchestrationUpdateDefinitionFailure>("orchestration.update_definition", params, options),
      },
      projects: {
        bind_secret: (params, options?) =>
          t.settle<T.SecretBindingView, ProjectsBindSecretFailure>("projects.bind_secret", params, options),
        get: (params, options?) =>
          t.settle<T.ProjectDetail, ProjectsGetFailure>("projects.get", params, options),
        import: (params, options?) =>
          t.settle<T.ProjectView, ProjectsImportFailure>("projects.import", params, options),
        list: (params?, options?) =>
          t.settle<T.ProjectPage, ProjectsListFailure>("projects.list", params, options),
        list_accessible_repositories: (options?) =>
          t.settle<T.AccessibleRepositories, ProjectsListAccessibleRepositoriesFailure>("projects.list_accessible_repositories", undefined, options),
        list_secret_bindings: (params, options?) =>
          t.settle<T.SecretBindingList, ProjectsListSecretBindingsFailure>("projects.list_secret_bindings", params, options),
        sync: (params, options?) =>
          t.settle<T.ProjectView, ProjectsSyncFailure>("projects.sync", params, options),
        unbind_secret: (params, options?) =>
          t.settle<T.Unbound, ProjectsUnbindSecretFailure>("projects.unbind_secret", params, options),
        update: (params, options?) =>
          t.settle<T.ProjectView, ProjectsUpdateFailure>("projects.update", params, options),
        workspace_status: (params, options?) =>
          t.settle<T.WorkspaceStatus, ProjectsWorkspaceStatusFailure>("projects.workspace_status", params, options),
      },
      rpc: {
        discover: (options?) =>
          t.settle<{ [key: string]: unknown }, RpcDiscoverFailure>("rpc.discover", undefined, options),
      },
      setup: {
        complete_onboarding: (options?) =>
          t.settle<T.SystemConfigView, SetupCompleteOnboardingFailure>("setup.complete_onboarding", undefined, options),
        get_config: (options?) =>
          t.settle<T.SystemConfigView, SetupGetConfigFailure>("setup.get_config", undefined, options),
        get_sealing_key: (options?) =>
          t.settle<T.SealingKeyView, SetupGetSealingKeyFailure>("setup.get_sealing_key", undefined, options),
        list_provider_credentials: (options?) =>
          t.settle<T.ProviderCredentialList, SetupListProviderCredentialsFailure>("setup.list_provider_credentials", undefined, options),
        list_secret_audits: (params?, options?) =>
          t.settle<T.SecretAuditPage, SetupListSecretAuditsFailure>("setup.list_secret_audits", params, options),
        list_secrets: (params?, options?) =>
          t.settle<T.SecretPage, SetupListSecretsFailure>("setup.list_secrets", params, options),
        put_secret: (params, options?) =>
          t.settle<T.SecretRefView, SetupPutSecretFailure>("setup.put_secret", params, options),
        remove_provider_credential: (params, options?) =>
          t.settle<T.ProviderCredentialView, SetupRemoveProviderCredentialFailure>("setup.remove_provider_credential", params, options),
        revoke_secret: (params, options?) =>
          t.settle<T.SecretRefView, SetupRevokeSecretFailure>("setup.revoke_secret", params, options),
        rewrap_secrets: (params?, options?) =>
          t.settle<T.RewrapReport, SetupRewrapSecretsFailure>("setup.rewrap_secrets", params, options),
        rotate_secret: (params, options?) =>
          t.settle<T.SecretRefView, SetupRotateSecretFailure>("setup.rotate_secret", params, options),
        run_checks: (options?) =>
          t.settle<T.ChecksReport, SetupRunChecksFailure>("setup.run_checks", undefined, options),
        save_step: (params, options?) =>
          t.settle<T.SaveStepResult, SetupSaveStepFailure>("setup.save_step", params, options),
        set_provider_credential: (params, options?) =>
          t.settle<T.ProviderCredentialView, SetupSetProviderCredentialFailure>("setup.set_provider_credential", params, options),
        status: (options?) =>
          t.settle<T.SetupStatus, SetupStatusFailure>("setup.status", undefined, options),
        update_config: (params?, options?) =>
          t.settle<T.SystemConfigView, SetupUpdateConfigFailure>("setup.update_config", params, options),
        verify_provider_credential: (params, options?) =>
          t.settle<T.ProviderCredentialView, SetupVerifyProviderCredentialFailure>("setup.verify_provider_credential", params, options),
      },
      system: {
        ping: (options?) =>
          t.settle<T.Pong, SystemPingFailure>("system.ping", undefined, options),
        version: (options?) =>
          t.settle<T.VersionInfo, SystemVersionFailure>("system.version", undefined, options),
      },
    },
  };
}
