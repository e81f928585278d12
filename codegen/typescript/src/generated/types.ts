/* Generated from codegen/openrpc.json by `jidocode codegen`. Do not edit. */

/**
 * Every type of the JidoCode RPC schema, by name.
 */
export interface Components {
  AccessibleRepositories: AccessibleRepositories;
  AccessibleRepository: AccessibleRepository;
  AgentConfigDeleted: AgentConfigDeleted;
  AgentConfigList: AgentConfigList;
  AgentConfigRef: AgentConfigRef;
  AgentConfigView: AgentConfigView;
  ApiKeyPage: ApiKeyPage;
  ApiKeyView: ApiKeyView;
  ApplyInputParams: ApplyInputParams;
  ApprovalPage: ApprovalPage;
  ApprovalPolicyInput: ApprovalPolicyInput;
  ApprovalPolicyOutput: ApprovalPolicyOutput;
  ApprovalView: ApprovalView;
  ArtifactIdParams: ArtifactIdParams;
  ArtifactPage: ArtifactPage;
  ArtifactSummary: ArtifactSummary;
  ArtifactView: ArtifactView;
  BindSecretParams: BindSecretParams;
  BootstrapOwnerParams: BootstrapOwnerParams;
  CancelRunParams: CancelRunParams;
  ChangePasswordParams: ChangePasswordParams;
  ChangePasswordResult: ChangePasswordResult;
  ChangedFile: ChangedFile;
  CheckResult: CheckResult;
  Checkpoint: Checkpoint;
  ChecksReport: ChecksReport;
  CloneEvent: CloneEvent;
  CompleteStep: CompleteStep;
  ConflictErrorData: ConflictErrorData;
  CreateApiKeyParams: CreateApiKeyParams;
  CreateCheckpointParams: CreateCheckpointParams;
  CreateDefinitionParams: CreateDefinitionParams;
  CreatedApiKey: CreatedApiKey;
  CursorExpiredErrorData: CursorExpiredErrorData;
  DecideRunParams: DecideRunParams;
  DefinitionPage: DefinitionPage;
  DefinitionView: DefinitionView;
  Delivery: Delivery;
  DeliveryEventPayload: DeliveryEventPayload;
  DeliveryPage: DeliveryPage;
  DeliveryRef: DeliveryRef;
  DeliverySummary: DeliverySummary;
  EnvironmentStep: EnvironmentStep;
  Event: Event;
  EventItem: EventItem;
  EventItemPage: EventItemPage;
  EventPage: EventPage;
  EventsListParams: EventsListParams;
  Exec: Exec;
  ExecDetail: ExecDetail;
  ExecParams: ExecParams;
  ExecRef: ExecRef;
  ExecutionErrorErrorData: ExecutionErrorErrorData;
  FieldError: FieldError;
  ForbiddenErrorData: ForbiddenErrorData;
  GetDefinitionParams: GetDefinitionParams;
  GitHubErrorErrorData: GitHubErrorErrorData;
  GithubSetupStep: GithubSetupStep;
  ImportProjectParams: ImportProjectParams;
  ImportProjectStep: ImportProjectStep;
  InternalErrorData: InternalErrorData;
  InvalidParamsErrorData: InvalidParamsErrorData;
  InvalidTransitionErrorData: InvalidTransitionErrorData;
  InventoryMismatchErrorData: InventoryMismatchErrorData;
  IssueAnalysis: IssueAnalysis;
  IssueAnalysisPage: IssueAnalysisPage;
  IssueAnalysisRef: IssueAnalysisRef;
  IssueBotStep: IssueBotStep;
  ListArtifactsParams: ListArtifactsParams;
  ListAuditsParams: ListAuditsParams;
  ListConfigsParams: ListConfigsParams;
  ListCredentialsParams: ListCredentialsParams;
  ListDefinitionsParams: ListDefinitionsParams;
  ListDeliveriesParams: ListDeliveriesParams;
  ListEventsParams: ListEventsParams;
  ListIssueAnalysesParams: ListIssueAnalysesParams;
  ListPendingApprovalsParams: ListPendingApprovalsParams;
  ListProjectsParams: ListProjectsParams;
  ListPullRequestsParams: ListPullRequestsParams;
  ListReposParams: ListReposParams;
  ListRunEventsParams: ListRunEventsParams;
  ListRunsParams: ListRunsParams;
  ListSecretsParams: ListSecretsParams;
  ListSessionsParams: ListSessionsParams;
  MeView: MeView;
  NoParams: NoParams;
  NotFoundErrorData: NotFoundErrorData;
  OwnerBootstrapStep: OwnerBootstrapStep;
  OwnerView: OwnerView;
  PolicyViolationErrorData: PolicyViolationErrorData;
  Pong: Pong;
  ProjectDetail: ProjectDetail;
  ProjectPage: ProjectPage;
  ProjectRef: ProjectRef;
  ProjectView: ProjectView;
  ProviderCredentialList: ProviderCredentialList;
  ProviderCredentialView: ProviderCredentialView;
  ProviderErrorErrorData: ProviderErrorErrorData;
  ProviderParams: ProviderParams;
  ProviderSetupStep: ProviderSetupStep;
  PullRequestIdParams: PullRequestIdParams;
  PullRequestPage: PullRequestPage;
  PullRequestTransition: PullRequestTransition;
  PullRequestView: PullRequestView;
  PutSecretParams: PutSecretParams;
  RateLimitedErrorData: RateLimitedErrorData;
  RejectPolicyInput: RejectPolicyInput;
  RejectPolicyOutput: RejectPolicyOutput;
  Repo: Repo;
  RepoPage: RepoPage;
  RestoreCheckpointParams: RestoreCheckpointParams;
  RetryRunParams: RetryRunParams;
  RevokeApiKeyParams: RevokeApiKeyParams;
  RevokeTokenParams: RevokeTokenParams;
  RewrapParams: RewrapParams;
  RewrapReport: RewrapReport;
  RotateSecretParams: RotateSecretParams;
  RunBudgetInput: RunBudgetInput;
  RunBudgetOutput: RunBudgetOutput;
  RunError: RunError;
  RunEvent: RunEvent;
  RunEventPage: RunEventPage;
  RunEventPayload: RunEventPayload;
  RunIdParams: RunIdParams;
  RunPage: RunPage;
  RunView: RunView;
  SaveStepParams: SaveStepParams;
  SaveStepResult: SaveStepResult;
  SealingKeyView: SealingKeyView;
  SecretAuditPage: SecretAuditPage;
  SecretAuditView: SecretAuditView;
  SecretBindingList: SecretBindingList;
  SecretBindingView: SecretBindingView;
  SecretIdParams: SecretIdParams;
  SecretPage: SecretPage;
  SecretRefView: SecretRefView;
  SecretUnavailableErrorData: SecretUnavailableErrorData;
  Session: Session;
  SessionDetail: SessionDetail;
  SessionEventPayload: SessionEventPayload;
  SessionPage: SessionPage;
  SessionPhasePayload: SessionPhasePayload;
  SessionRef: SessionRef;
  SessionSpec: SessionSpec;
  SetEnabledParams: SetEnabledParams;
  SetProviderCredentialParams: SetProviderCredentialParams;
  SetWebhookSecretParams: SetWebhookSecretParams;
  SetupStatus: SetupStatus;
  SignInParams: SignInParams;
  SignInResult: SignInResult;
  SignOutResult: SignOutResult;
  StartRunParams: StartRunParams;
  StartSessionParams: StartSessionParams;
  StatusTransition: StatusTransition;
  StepInfo: StepInfo;
  StepRun: StepRun;
  StepRunList: StepRunList;
  StepSpecInput: StepSpecInput;
  StepSpecOutput: StepSpecOutput;
  SystemConfigView: SystemConfigView;
  TimeoutErrorData: TimeoutErrorData;
  TokenPage: TokenPage;
  TokenView: TokenView;
  UnauthenticatedErrorData: UnauthenticatedErrorData;
  UnbindSecretParams: UnbindSecretParams;
  Unbound: Unbound;
  UpdateConfigParams: UpdateConfigParams;
  UpdateDefinitionParams: UpdateDefinitionParams;
  UpdateProjectParams: UpdateProjectParams;
  UpsertConfigParams: UpsertConfigParams;
  ValidationErrorErrorData: ValidationErrorErrorData;
  VersionInfo: VersionInfo;
  WebhookSecretSet: WebhookSecretSet;
  WelcomeStep: WelcomeStep;
  WorkflowApprovalPolicyInput: WorkflowApprovalPolicyInput;
  WorkflowApprovalPolicyOutput: WorkflowApprovalPolicyOutput;
  WorkflowStep: WorkflowStep;
  WorkspaceStatus: WorkspaceStatus;
}
/**
 * Every repository the GitHub credential can see, by full name.
 */
export interface AccessibleRepositories {
  items: AccessibleRepository[];
}
/**
 * A repository the GitHub credential can see, and its project if imported.
 */
export interface AccessibleRepository {
  default_branch: string | null;
  description: string | null;
  full_name: string;
  html_url: string | null;
  name: string;
  owner: string;
  private: boolean;
  project_id: string | null;
}
/**
 * The config is gone.
 */
export interface AgentConfigDeleted {
  agent_type: "github_issue_bot" | "pr_review_bot" | "dependency_bot";
  deleted: boolean;
  project_id: string;
}
/**
 * Configs by project and agent type.
 */
export interface AgentConfigList {
  items: AgentConfigView[];
}
/**
 * A project's config of one agent type.
 */
export interface AgentConfigView {
  agent_type: "github_issue_bot" | "pr_review_bot" | "dependency_bot";
  approval_policy: ApprovalPolicyOutput;
  configuration: {
    [k: string]: unknown | undefined;
  };
  enabled: boolean;
  id: string;
  inserted_at: string;
  last_triggered_at: string | null;
  project_id: string;
  /**
   * When the agent's cron schedule next starts its workflow (UTC); null when it is disabled or has no schedule.
   */
  schedule_next_at: string | null;
  updated_at: string;
  webhook_events: string[];
}
/**
 * Whether the agent's output waits for the owner (``manual``) or is posted (``auto_post``).
 */
export interface ApprovalPolicyOutput {
  mode: "manual" | "auto_post";
}
/**
 * Names a project's config of one agent type.
 */
export interface AgentConfigRef {
  agent_type: "github_issue_bot" | "pr_review_bot" | "dependency_bot";
  project_id: string;
}
/**
 * API keys, newest first.
 */
export interface ApiKeyPage {
  items: ApiKeyView[];
  next_cursor: string | null;
}
/**
 * An API key's metadata; the key itself is shown only once, at creation.
 */
export interface ApiKeyView {
  expires_at: string | null;
  id: string;
  inserted_at: string;
  last_used_at: string | null;
  name: string;
  prefix: string;
  revoked_at: string | null;
  status: "active" | "expired" | "revoked";
}
/**
 * The answer to a session's open question (for agents: the next prompt).
 */
export interface ApplyInputParams {
  input: string;
  session_id: string;
}
/**
 * A page of pending approvals, newest first.
 */
export interface ApprovalPage {
  items: ApprovalView[];
  next_cursor: string | null;
}
/**
 * An approval request and, once made, its decision.
 */
export interface ApprovalView {
  actor: string | null;
  comment: string | null;
  context: {
    [k: string]: unknown | undefined;
  };
  decided_at: string | null;
  decision: ("approved" | "rejected") | null;
  diff_summary: string;
  id: string;
  project_id: string;
  requested_at: string;
  requested_by: string;
  risk_notes: string[];
  run_id: string;
  step: string;
  test_summary: string;
  workflow_name: string;
}
/**
 * Whether the agent's output waits for the owner (``manual``) or is posted (``auto_post``).
 */
export interface ApprovalPolicyInput {
  mode?: "manual" | "auto_post";
}
export interface ArtifactIdParams {
  artifact_id: string;
}
/**
 * A page of a run's artifacts, newest first.
 */
export interface ArtifactPage {
  items: ArtifactSummary[];
  next_cursor: string | null;
}
/**
 * An artifact without its content (for lists).
 */
export interface ArtifactSummary {
  content_type: string;
  expires_at: string | null;
  id: string;
  inserted_at: string;
  kind: "log" | "diff" | "report" | "transcript" | "pr_url" | "cost_summary" | "audit";
  metadata: {
    [k: string]: unknown | undefined;
  };
  name: string;
  run_id: string;
  size_bytes: number;
}
/**
 * An artifact with its (redacted) content.
 */
export interface ArtifactView {
  content: string;
  content_type: string;
  expires_at: string | null;
  id: string;
  inserted_at: string;
  kind: "log" | "diff" | "report" | "transcript" | "pr_url" | "cost_summary" | "audit";
  metadata: {
    [k: string]: unknown | undefined;
  };
  name: string;
  run_id: string;
  size_bytes: number;
}
/**
 * Bind a stored secret to an environment variable of the project's workspace commands.
 */
export interface BindSecretParams {
  env_var_name: string;
  inject_to_workspace?: boolean;
  project_id: string;
  secret_ref_id: string;
}
/**
 * Create the owner: only while none exists.
 */
export interface BootstrapOwnerParams {
  email: string;
  password: string;
}
export interface CancelRunParams {
  reason?: string | null;
  run_id: string;
}
/**
 * The current password proves it is the owner at the keyboard.
 */
export interface ChangePasswordParams {
  current_password: string;
  new_password: string;
}
/**
 * How many other tokens the change revoked.
 */
export interface ChangePasswordResult {
  revoked_tokens: number;
}
/**
 * One entry of ``git status --porcelain``: its two-letter status and path.
 */
export interface ChangedFile {
  path: string;
  status: string;
}
/**
 * One prerequisite check of the welcome step.
 */
export interface CheckResult {
  detail: string;
  name: "database" | "key_ring" | "workspace_root";
  remediation: string | null;
  status: "pass" | "fail" | "timeout";
}
/**
 * A named point of a session: its exec sequence, runner state and workspace commit.
 */
export interface Checkpoint {
  commit_sha: string;
  exec_sequence: number;
  id: string;
  inserted_at: string;
  name: string;
  number: number;
  ref: string;
  session_id: string;
  state: {
    [k: string]: unknown | undefined;
  };
}
/**
 * Every welcome check; ``all_passed`` gates the welcome step.
 */
export interface ChecksReport {
  all_passed: boolean;
  checks: CheckResult[];
}
/**
 * One clone-status move and why it happened.
 */
export interface CloneEvent {
  actor: string;
  from_status: ("pending" | "cloning" | "ready" | "error") | null;
  id: string;
  occurred_at: string;
  reason: string;
  to_status: "pending" | "cloning" | "ready" | "error";
}
/**
 * Marks onboarding complete once every earlier step has passed.
 */
export interface CompleteStep {
  step: "complete";
}
/**
 * The data of an error of kind conflict.
 */
export interface ConflictErrorData {
  kind: "conflict";
  reason: string;
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
  resource: string;
}
/**
 * A name to recognise the key by; no ``expires_at`` means it never expires.
 */
export interface CreateApiKeyParams {
  expires_at?: string | null;
  name: string;
}
/**
 * Snapshot the session's workspace and state under ``name`` (default ``cp-<n>``).
 */
export interface CreateCheckpointParams {
  name?: string | null;
  session_id: string;
}
export interface CreateDefinitionParams {
  approval_policy?: WorkflowApprovalPolicyInput;
  budget?: RunBudgetInput | null;
  description?: string;
  input_schema?: {
    [k: string]: unknown | undefined;
  };
  name: string;
  /**
   * @minItems 1
   * @maxItems 50
   */
  steps: [StepSpecInput, ...StepSpecInput[]];
  /**
   * @minItems 1
   */
  trigger_types?: [
    "manual" | "webhook" | "schedule" | "support_agent",
    ...("manual" | "webhook" | "schedule" | "support_agent")[],
  ];
}
/**
 * How approvals and retries behave for a definition.
 */
export interface WorkflowApprovalPolicyInput {
  on_reject?: RejectPolicyInput;
  retryable_steps?: string[];
}
/**
 * What a rejection does: cancel the run, or send it back to a named step.
 */
export interface RejectPolicyInput {
  action?: "cancel" | "retry_step";
  step?: string | null;
}
/**
 * A run's limits: USD spent (LLM and agent cost), wall time spent running steps, and
 * coding-agent turns. A key left out takes the next level's value (engine default →
 * definition → project settings ``budget`` → the run's ``budget`` input).
 */
export interface RunBudgetInput {
  max_agent_turns?: number | null;
  max_cost_usd?: number | null;
  max_wall_s?: number | null;
}
/**
 * One step of a workflow: a unique name, what kind of work it is, and its options.
 */
export interface StepSpecInput {
  kind:
    | "llm"
    | "agent"
    | "shell"
    | "plan"
    | "coding_agent"
    | "run_tests"
    | "approval"
    | "commit_and_pr"
    | "reproduce"
    | "diagnose"
    | "fetch_issue"
    | "triage"
    | "research"
    | "compose_response"
    | "post_comment"
    | "fetch_pull_request"
    | "review"
    | "post_review";
  name: string;
  options?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * A new API key: ``key`` is the full secret, returned this once and never again.
 */
export interface CreatedApiKey {
  api_key: ApiKeyView;
  key: string;
}
/**
 * The data of an error of kind cursor_expired.
 */
export interface CursorExpiredErrorData {
  after: number;
  earliest: number;
  kind: "cursor_expired";
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
  topic: string;
}
export interface DecideRunParams {
  comment?: string | null;
  run_id: string;
}
/**
 * A page of definitions, by name.
 */
export interface DefinitionPage {
  items: DefinitionView[];
  next_cursor: string | null;
}
/**
 * A workflow definition at its current version.
 */
export interface DefinitionView {
  approval_policy: WorkflowApprovalPolicyOutput;
  /**
   * The default budget of its runs (unset keys: the engine's).
   */
  budget: RunBudgetOutput | null;
  category: "builtin" | "custom";
  description: string;
  id: string;
  input_schema: {
    [k: string]: unknown | undefined;
  };
  inserted_at: string;
  name: string;
  /**
   * True when the last step commits and opens a pull request.
   */
  shipping: boolean;
  steps: StepSpecOutput[];
  trigger_types: ("manual" | "webhook" | "schedule" | "support_agent")[];
  updated_at: string;
  version: number;
}
/**
 * How approvals and retries behave for a definition.
 */
export interface WorkflowApprovalPolicyOutput {
  on_reject: RejectPolicyOutput;
  retryable_steps: string[];
}
/**
 * What a rejection does: cancel the run, or send it back to a named step.
 */
export interface RejectPolicyOutput {
  action: "cancel" | "retry_step";
  step: string | null;
}
/**
 * A run's limits: USD spent (LLM and agent cost), wall time spent running steps, and
 * coding-agent turns. A key left out takes the next level's value (engine default →
 * definition → project settings ``budget`` → the run's ``budget`` input).
 */
export interface RunBudgetOutput {
  max_agent_turns: number | null;
  max_cost_usd: number | null;
  max_wall_s: number | null;
}
/**
 * One step of a workflow: a unique name, what kind of work it is, and its options.
 */
export interface StepSpecOutput {
  kind:
    | "llm"
    | "agent"
    | "shell"
    | "plan"
    | "coding_agent"
    | "run_tests"
    | "approval"
    | "commit_and_pr"
    | "reproduce"
    | "diagnose"
    | "fetch_issue"
    | "triage"
    | "research"
    | "compose_response"
    | "post_comment"
    | "fetch_pull_request"
    | "review"
    | "post_review";
  name: string;
  options: {
    [k: string]: unknown | undefined;
  };
}
/**
 * A delivery with its (redacted) payload.
 */
export interface Delivery {
  action: string | null;
  delivery_id: string;
  error: {
    [k: string]: unknown | undefined;
  } | null;
  event: string;
  id: string;
  inserted_at: string;
  payload: unknown;
  process_count: number;
  processed_at: string | null;
  reason: string | null;
  received_at: string;
  repo_full_name: string | null;
  repo_id: string | null;
  status: "received" | "processed" | "ignored" | "failed";
  updated_at: string;
}
/**
 * The ``data`` of an event on the ``deliveries`` topic: a delivery's move.
 */
export interface DeliveryEventPayload {
  action: string | null;
  delivery_id: string;
  event: string;
  id: string;
  reason: string | null;
  repo_full_name: string | null;
  status: "received" | "processed" | "ignored" | "failed";
}
/**
 * One page of deliveries, newest first.
 */
export interface DeliveryPage {
  items: DeliverySummary[];
  next_cursor: string | null;
}
/**
 * A delivery without its payload, as lists show it.
 */
export interface DeliverySummary {
  action: string | null;
  delivery_id: string;
  error: {
    [k: string]: unknown | undefined;
  } | null;
  event: string;
  id: string;
  inserted_at: string;
  process_count: number;
  processed_at: string | null;
  reason: string | null;
  received_at: string;
  repo_full_name: string | null;
  repo_id: string | null;
  status: "received" | "processed" | "ignored" | "failed";
  updated_at: string;
}
/**
 * Names one stored delivery by its id.
 */
export interface DeliveryRef {
  id: string;
}
/**
 * Deployment mode, default environment, and the workspace root when local.
 */
export interface EnvironmentStep {
  default_environment: "sprite" | "local";
  deployment_mode: "cloud_vm" | "local";
  step: "environment";
  workspace_root?: string | null;
}
/**
 * One event of a session, in ``seq`` order; ``data`` is redacted.
 */
export interface Event {
  at: string;
  data: {
    [k: string]: unknown | undefined;
  };
  exec_sequence: number | null;
  seq: number;
  session_id: string;
  type:
    | "session.started"
    | "session.ready"
    | "exec.started"
    | "exec.output"
    | "exec.completed"
    | "session.needs_input"
    | "session.input_applied"
    | "session.failed"
    | "session.cancelled"
    | "session.completed"
    | "checkpoint.created"
    | "checkpoint.restored"
    | "agent.init"
    | "agent.message"
    | "agent.tool_call"
    | "agent.tool_result"
    | "agent.result"
    | "agent.warning";
}
/**
 * One event of a topic: exactly what ``GET /events`` sends as an event's data.
 */
export interface EventItem {
  at: string;
  data: {
    [k: string]: unknown | undefined;
  };
  seq: number;
  topic: string;
  type: string;
}
/**
 * A topic's events after ``after``, in seq order.
 */
export interface EventItemPage {
  items: EventItem[];
  last_seq: number;
  next_after: number;
}
/**
 * Events after the cursor; ``next_cursor`` continues after the last one (pass it back
 * to poll; it stays put when nothing new arrived).
 */
export interface EventPage {
  items: Event[];
  next_cursor: string;
}
export interface EventsListParams {
  /**
   * The seq of the last event already seen.
   */
  after?: number;
  limit?: number;
  /**
   * run:<id>, runs, forge:session:<id>, forge:sessions or deliveries (the topics and their event types are the document's x-events).
   */
  topic: string;
}
/**
 * One execution of a session; sizes count output bytes as the command wrote them.
 */
export interface Exec {
  command: unknown;
  duration_ms: number | null;
  error: string | null;
  error_kind: string | null;
  exit_code: number | null;
  finished_at: string | null;
  id: string;
  output_size_bytes: number;
  result: {
    [k: string]: unknown | undefined;
  };
  sequence: number;
  session_id: string;
  started_at: string;
  status: "started" | "completed" | "needs_input" | "failed" | "timeout";
  stored_bytes: number;
  truncated_bytes: number;
}
/**
 * An execution with its stored output (the tail, behind a truncation marker).
 */
export interface ExecDetail {
  command: unknown;
  duration_ms: number | null;
  error: string | null;
  error_kind: string | null;
  exit_code: number | null;
  finished_at: string | null;
  id: string;
  output: string;
  output_size_bytes: number;
  result: {
    [k: string]: unknown | undefined;
  };
  sequence: number;
  session_id: string;
  started_at: string;
  status: "started" | "completed" | "needs_input" | "failed" | "timeout";
  stored_bytes: number;
  truncated_bytes: number;
}
/**
 * One iteration: shell ``command`` (sh -c text or argv), agent prompt, or workflow
 * steps.
 */
export interface ExecParams {
  command: string | string[] | WorkflowStep[];
  session_id: string;
}
/**
 * One exec step of a ``workflow`` session: a ``sh -c`` string or an argv list.
 */
export interface WorkflowStep {
  /**
   * sh -c text, or an argv list
   */
  command: string | string[];
  name?: string | null;
}
/**
 * One execution of a session, by its sequence number.
 */
export interface ExecRef {
  sequence: number;
  session_id: string;
}
/**
 * The data of an error of kind execution_error.
 */
export interface ExecutionErrorErrorData {
  kind: "execution_error";
  reason: string;
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
/**
 * One field that broke a rule.
 */
export interface FieldError {
  field: string;
  message: string;
}
/**
 * The data of an error of kind forbidden.
 */
export interface ForbiddenErrorData {
  kind: "forbidden";
  reason: string;
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
export interface GetDefinitionParams {
  name: string;
}
/**
 * The data of an error of kind provider_error.
 */
export interface GitHubErrorErrorData {
  kind: "provider_error";
  provider: string;
  reason: string;
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
  retry_after_s: number | null;
  status: number | null;
}
/**
 * Passes when a GitHub PAT or GitHub App credential is verified ``active``.
 *
 * The server calls GitHub at ``JIDOCODE_GITHUB_API_URL`` (GitHub Enterprise, or a local
 * server speaking GitHub's REST API) and clones from ``JIDOCODE_GIT_CLONE_BASE_URL``.
 */
export interface GithubSetupStep {
  step: "github_setup";
}
/**
 * Import a repository by ``owner/repo``; importing it again returns the same project.
 */
export interface ImportProjectParams {
  default_branch?: string | null;
  environment_type?: ("sprite" | "local") | null;
  github_full_name: string;
  name?: string | null;
}
/**
 * Passes when a project's clone has reached ``ready``.
 */
export interface ImportProjectStep {
  step: "import_project";
}
/**
 * Anything unexpected; details are in the server log under request_id.
 */
export interface InternalErrorData {
  kind: "internal";
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
/**
 * The params do not match the method's params model.
 */
export interface InvalidParamsErrorData {
  errors: {
    loc: (string | number)[];
    msg: string;
    type: string;
  }[];
  kind: "invalid_params";
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
/**
 * The data of an error of kind invalid_transition.
 */
export interface InvalidTransitionErrorData {
  from: string | null;
  kind: "invalid_transition";
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
  resource: string;
  to: string;
}
/**
 * The data of an error of kind inventory_mismatch.
 */
export interface InventoryMismatchErrorData {
  client_version: string;
  kind: "inventory_mismatch";
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
  server_version: number;
}
/**
 * The issue bot's analysis of one issue.
 */
export interface IssueAnalysis {
  analyser: string | null;
  analyzed_at: string | null;
  classification: ("bug" | "feature" | "documentation" | "question" | "needs_triage") | null;
  comment_posted: boolean;
  comment_url: string | null;
  confidence: number | null;
  delivery_id: string | null;
  error: {
    [k: string]: unknown | undefined;
  } | null;
  id: string;
  inserted_at: string;
  issue_number: number;
  priority: ("low" | "medium" | "high" | "critical") | null;
  proposed_response: string | null;
  repo_full_name: string;
  repo_id: string;
  run_id: string | null;
  status: "pending" | "analyzing" | "analyzed" | "failed";
  suggested_labels: string[];
  summary: string | null;
  title: string;
  updated_at: string;
}
/**
 * One page of issue analyses, most recently updated first.
 */
export interface IssueAnalysisPage {
  items: IssueAnalysis[];
  next_cursor: string | null;
}
/**
 * Names one issue analysis by its id.
 */
export interface IssueAnalysisRef {
  id: string;
}
/**
 * The instance webhook secret (given here, or stored before) and the default policy.
 */
export interface IssueBotStep {
  default_policy: "manual" | "auto_post";
  sealed_webhook_secret?: string | null;
  step: "issue_bot";
  webhook_secret?: string | null;
}
export interface ListArtifactsParams {
  cursor?: string | null;
  limit?: number;
  run_id: string;
}
/**
 * Filter and page the audit trail.
 */
export interface ListAuditsParams {
  cursor?: string | null;
  limit?: number;
  secret_ref_id?: string | null;
}
/**
 * The configs of one project, or of every project when ``project_id`` is absent.
 */
export interface ListConfigsParams {
  project_id?: string | null;
}
/**
 * A page of credentials, newest first; revoked and expired ones only on request.
 */
export interface ListCredentialsParams {
  cursor?: string | null;
  include_inactive?: boolean;
  limit?: number;
}
export interface ListDefinitionsParams {
  category?: ("builtin" | "custom") | null;
  cursor?: string | null;
  limit?: number;
}
/**
 * Filters for ``github.list_deliveries``; each applies only when given.
 */
export interface ListDeliveriesParams {
  /**
   * From a previous page's next_cursor
   */
  cursor?: string | null;
  event?: string | null;
  limit?: number;
  repo?: string | null;
  status?: ("received" | "processed" | "ignored" | "failed") | null;
}
/**
 * A session's events after ``cursor`` (a ``seq``), optionally of some types.
 */
export interface ListEventsParams {
  /**
   * The next_cursor of the last read
   */
  cursor?: string | null;
  limit?: number;
  session_id: string;
  types?:
    | []
    | [
        | "session.started"
        | "session.ready"
        | "exec.started"
        | "exec.output"
        | "exec.completed"
        | "session.needs_input"
        | "session.input_applied"
        | "session.failed"
        | "session.cancelled"
        | "session.completed"
        | "checkpoint.created"
        | "checkpoint.restored"
        | "agent.init"
        | "agent.message"
        | "agent.tool_call"
        | "agent.tool_result"
        | "agent.result"
        | "agent.warning",
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | [
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
        (
          | "session.started"
          | "session.ready"
          | "exec.started"
          | "exec.output"
          | "exec.completed"
          | "session.needs_input"
          | "session.input_applied"
          | "session.failed"
          | "session.cancelled"
          | "session.completed"
          | "checkpoint.created"
          | "checkpoint.restored"
          | "agent.init"
          | "agent.message"
          | "agent.tool_call"
          | "agent.tool_result"
          | "agent.result"
          | "agent.warning"
        ),
      ]
    | null;
}
/**
 * Filters for ``github.list_issue_analyses``; each applies only when given.
 */
export interface ListIssueAnalysesParams {
  classification?: ("bug" | "feature" | "documentation" | "question" | "needs_triage") | null;
  /**
   * From a previous page's next_cursor
   */
  cursor?: string | null;
  limit?: number;
  repo?: string | null;
  status?: ("pending" | "analyzing" | "analyzed" | "failed") | null;
}
export interface ListPendingApprovalsParams {
  cursor?: string | null;
  limit?: number;
  project_id?: string | null;
}
/**
 * A page of projects, newest first.
 */
export interface ListProjectsParams {
  cursor?: string | null;
  limit?: number;
}
export interface ListPullRequestsParams {
  cursor?: string | null;
  limit?: number;
  project_id?: string | null;
}
/**
 * Page through the repositories the GitHub domain knows.
 */
export interface ListReposParams {
  /**
   * From a previous page's next_cursor
   */
  cursor?: string | null;
  limit?: number;
}
export interface ListRunEventsParams {
  /**
   * A next_cursor from an earlier call.
   */
  cursor?: string | null;
  limit?: number;
  project_id?: string | null;
  run_id?: string | null;
}
export interface ListRunsParams {
  cursor?: string | null;
  limit?: number;
  project_id?: string | null;
  status?:
    ("pending" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled") | null;
}
/**
 * Filter and page the secret list.
 */
export interface ListSecretsParams {
  cursor?: string | null;
  limit?: number;
  scope?: ("instance" | "project" | "integration") | null;
}
/**
 * Sessions newest first, optionally of one project or in one phase.
 */
export interface ListSessionsParams {
  /**
   * From a previous page's next_cursor
   */
  cursor?: string | null;
  limit?: number;
  phase?:
    | (
        | "created"
        | "provisioning"
        | "ready"
        | "running"
        | "needs_input"
        | "completed"
        | "failed"
        | "cancelled"
      )
    | null;
  project_id?: string | null;
}
/**
 * Who is calling, and through which credential.
 */
export interface MeView {
  auth_mode: "session" | "token" | "api_key";
  credential_id: string | null;
  owner: OwnerView;
}
/**
 * The owner, without the password hash.
 */
export interface OwnerView {
  email: string;
  id: string;
  owner_bootstrapped_at: string;
  password_changed_at: string;
}
/**
 * For methods without params: accepts an absent ``params``, ``{}`` or ``[]``.
 */
export interface NoParams {}
/**
 * The data of an error of kind not_found.
 */
export interface NotFoundErrorData {
  id: string;
  kind: "not_found";
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
  resource: string;
}
/**
 * Confirms the owner exists (create it with ``accounts.bootstrap_owner``).
 */
export interface OwnerBootstrapStep {
  step: "owner_bootstrap";
}
/**
 * The data of an error of kind policy_violation.
 */
export interface PolicyViolationErrorData {
  kind: "policy_violation";
  reason: string;
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
/**
 * The answer to ``system.ping``.
 */
export interface Pong {
  pong: boolean;
}
/**
 * A project with its clone-status history, oldest first.
 */
export interface ProjectDetail {
  clone_error: string | null;
  clone_history: CloneEvent[];
  clone_status: "pending" | "cloning" | "ready" | "error";
  default_branch: string | null;
  environment_type: "sprite" | "local";
  github_full_name: string;
  id: string;
  inserted_at: string;
  last_synced_at: string | null;
  name: string;
  settings: {
    [k: string]: unknown | undefined;
  };
  updated_at: string;
  workspace_path: string;
}
/**
 * One page of projects, newest first.
 */
export interface ProjectPage {
  items: ProjectView[];
  next_cursor: string | null;
}
/**
 * A project as clients see it.
 */
export interface ProjectView {
  clone_error: string | null;
  clone_status: "pending" | "cloning" | "ready" | "error";
  default_branch: string | null;
  environment_type: "sprite" | "local";
  github_full_name: string;
  id: string;
  inserted_at: string;
  last_synced_at: string | null;
  name: string;
  settings: {
    [k: string]: unknown | undefined;
  };
  updated_at: string;
  workspace_path: string;
}
/**
 * Names one project.
 */
export interface ProjectRef {
  project_id: string;
}
/**
 * Every known provider, ``not_set`` when nothing is stored.
 */
export interface ProviderCredentialList {
  items: ProviderCredentialView[];
}
/**
 * A provider credential's state and metadata (never the secret).
 */
export interface ProviderCredentialView {
  metadata: {
    [k: string]: unknown | undefined;
  };
  provider: "anthropic" | "openai" | "google" | "github_app" | "github_pat" | "sprites";
  secret_ref_id: string | null;
  status: "active" | "invalid" | "not_set" | "rotating" | "unverified";
  status_reason: string | null;
  updated_at: string | null;
  verified_at: string | null;
}
/**
 * The data of an error of kind provider_error.
 */
export interface ProviderErrorErrorData {
  kind: "provider_error";
  reason: string;
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
/**
 * Names one provider.
 */
export interface ProviderParams {
  provider: "anthropic" | "openai" | "google" | "github_app" | "github_pat" | "sprites";
}
/**
 * Passes when at least one LLM provider credential is verified ``active``.
 *
 * Store one with ``setup.set_provider_credential`` and check it with
 * ``setup.verify_provider_credential``. The server calls the provider at
 * ``JIDOCODE_ANTHROPIC_BASE_URL``, ``JIDOCODE_OPENAI_BASE_URL`` or
 * ``JIDOCODE_GOOGLE_BASE_URL``; offline, point one at a local server that speaks that API.
 */
export interface ProviderSetupStep {
  step: "provider_setup";
}
export interface PullRequestIdParams {
  pull_request_id: string;
}
/**
 * A page of pull requests, newest first.
 */
export interface PullRequestPage {
  items: PullRequestView[];
  next_cursor: string | null;
}
/**
 * A pull request a run opened.
 */
export interface PullRequestView {
  body: string;
  branch: string;
  closed_at: string | null;
  github_updated_at: string | null;
  head_sha: string | null;
  id: string;
  inserted_at: string;
  last_synced_at: string | null;
  merged_at: string | null;
  number: number;
  project_id: string;
  run_id: string | null;
  status: "open" | "merged" | "closed";
  status_transitions: PullRequestTransition[];
  title: string;
  updated_at: string;
  url: string;
}
/**
 * One status move of a pull request record, and what reported it (``webhook:<delivery
 * id>`` or ``sync``).
 */
export interface PullRequestTransition {
  at: string;
  from: "open" | "merged" | "closed";
  source: string;
  to: "open" | "merged" | "closed";
}
/**
 * Store a new secret under ``(scope, name)``.
 */
export interface PutSecretParams {
  expires_at?: string | null;
  name: string;
  scope: "instance" | "project" | "integration";
  sealed_value?: string | null;
  value?: string | null;
}
/**
 * The data of an error of kind rate_limited.
 */
export interface RateLimitedErrorData {
  kind: "rate_limited";
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
  retry_after_s: number;
}
/**
 * A repository as the GitHub domain knows it (no secret, only whether one is set).
 */
export interface Repo {
  enabled: boolean;
  full_name: string;
  id: string;
  inserted_at: string;
  name: string;
  owner: string;
  previous_webhook_secret_ref_id: string | null;
  previous_webhook_secret_valid_until: string | null;
  settings: {
    [k: string]: unknown | undefined;
  };
  updated_at: string;
  webhook_secret_ref_id: string | null;
}
/**
 * One page of repositories, newest first.
 */
export interface RepoPage {
  items: Repo[];
  next_cursor: string | null;
}
/**
 * Put a checkpoint's workspace back: by ``number`` or ``name``.
 */
export interface RestoreCheckpointParams {
  name?: string | null;
  number?: number | null;
  session_id: string;
}
export interface RetryRunParams {
  /**
   * Start at this step (the policy must allow it); else a full run.
   */
  from_step?: string | null;
  run_id: string;
}
/**
 * The key to revoke.
 */
export interface RevokeApiKeyParams {
  api_key_id: string;
}
/**
 * The token to revoke.
 */
export interface RevokeTokenParams {
  token_id: string;
}
/**
 * Rewrap batch size (each batch is one transaction).
 */
export interface RewrapParams {
  batch_size?: number;
}
/**
 * What a rewrap pass did.
 */
export interface RewrapReport {
  batches: number;
  failed: number;
  newest_version: number;
  remaining: number;
  rewrapped: number;
}
/**
 * Replace an active secret's value.
 */
export interface RotateSecretParams {
  expires_at?: string | null;
  sealed_value?: string | null;
  secret_ref_id: string;
  value?: string | null;
}
/**
 * Why a run failed, in terms an owner can act on (redacted).
 */
export interface RunError {
  detail: string | null;
  failed_step: string | null;
  kind: string;
  last_successful_step: string | null;
  reason: string;
  remediation: string | null;
}
/**
 * One entry of a run's event log; ``seq`` is its cursor position.
 */
export interface RunEvent {
  actor: string;
  at: string;
  data: {
    [k: string]: unknown | undefined;
  };
  from: ("pending" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled") | null;
  project_id: string;
  run_id: string;
  seq: number;
  step: string | null;
  to: "pending" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled";
  type:
    | "run_started"
    | "step_started"
    | "step_session_started"
    | "approval_requested"
    | "approval_granted"
    | "approval_rejected"
    | "step_completed"
    | "step_failed"
    | "run_completed"
    | "run_failed"
    | "run_cancelled";
  workflow_name: string;
  workflow_version: number;
}
/**
 * Events after a cursor, oldest first; pass ``next_cursor`` back to continue.
 */
export interface RunEventPage {
  items: RunEvent[];
  next_cursor: string;
}
/**
 * The ``data`` of an event on a ``run:<id>`` or the ``runs`` topic.
 */
export interface RunEventPayload {
  actor: string;
  data: {
    [k: string]: unknown | undefined;
  };
  from: ("pending" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled") | null;
  project_id: string;
  run_id: string;
  step: string | null;
  to: "pending" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled";
  workflow_name: string;
  workflow_version: number;
}
export interface RunIdParams {
  run_id: string;
}
/**
 * A page of runs, newest first.
 */
export interface RunPage {
  items: RunView[];
  next_cursor: string | null;
}
/**
 * A workflow run.
 */
export interface RunView {
  completed_at: string | null;
  current_step: string | null;
  error: RunError | null;
  id: string;
  inputs: {
    [k: string]: unknown | undefined;
  };
  inserted_at: string;
  project_id: string;
  retry_attempt: number;
  retry_of_run_id: string | null;
  shipping: boolean;
  start_step: string | null;
  started_at: string | null;
  status: "pending" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled";
  status_transitions: StatusTransition[];
  step_results: {
    [k: string]: unknown | undefined;
  };
  trigger: "manual" | "webhook" | "schedule" | "support_agent";
  trigger_context: {
    [k: string]: unknown | undefined;
  };
  updated_at: string;
  workflow_definition_id: string;
  workflow_name: string;
  workflow_version: number;
}
/**
 * One status move of a run.
 */
export interface StatusTransition {
  actor: string;
  at: string;
  from: ("pending" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled") | null;
  step: string | null;
  to: "pending" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled";
}
/**
 * One onboarding step and its step-specific payload.
 */
export interface SaveStepParams {
  payload:
    | WelcomeStep
    | OwnerBootstrapStep
    | ProviderSetupStep
    | GithubSetupStep
    | EnvironmentStep
    | IssueBotStep
    | ImportProjectStep
    | CompleteStep;
}
/**
 * Runs the prerequisite checks; passes when every check passes.
 */
export interface WelcomeStep {
  step: "welcome";
}
/**
 * The step's stored result and the configuration after it.
 */
export interface SaveStepResult {
  config: SystemConfigView;
  result: {
    [k: string]: unknown | undefined;
  };
  step:
    | "welcome"
    | "owner_bootstrap"
    | "provider_setup"
    | "github_setup"
    | "environment"
    | "issue_bot"
    | "import_project"
    | "complete";
}
/**
 * The instance configuration and onboarding progress.
 */
export interface SystemConfigView {
  default_environment: ("sprite" | "local") | null;
  deployment_mode: ("cloud_vm" | "local") | null;
  issue_bot_policy: ("manual" | "auto_post") | null;
  onboarding_completed: boolean;
  onboarding_completed_at: string | null;
  onboarding_state: {
    [k: string]: unknown | undefined;
  };
  onboarding_step: number;
  owner_bootstrapped_at: string | null;
  rpc_inventory_version: number | null;
  updated_at: string;
  workspace_root: string | null;
}
/**
 * The server's X25519 public key for libsodium sealed boxes (base64).
 */
export interface SealingKeyView {
  algorithm: "x25519-xsalsa20-poly1305-sealedbox";
  key_id: string;
  public_key: string;
}
/**
 * A page of audit rows, newest first.
 */
export interface SecretAuditPage {
  items: SecretAuditView[];
  next_cursor: string | null;
}
/**
 * One audit row: what happened to which secret, by whom; never the value.
 */
export interface SecretAuditView {
  action: "create" | "rotate" | "revoke" | "rewrap";
  actor: string;
  id: string;
  key_version: number | null;
  name: string;
  occurred_at: string;
  outcome: "success" | "failure";
  scope: string;
  secret_ref_id: string | null;
}
/**
 * A project's secret bindings, by variable name.
 */
export interface SecretBindingList {
  items: SecretBindingView[];
}
/**
 * A secret bound to an environment variable of a project's workspace commands.
 */
export interface SecretBindingView {
  env_var_name: string;
  id: string;
  inject_to_workspace: boolean;
  inserted_at: string;
  project_id: string;
  secret_ref_id: string;
  updated_at: string;
}
/**
 * Names one secret.
 */
export interface SecretIdParams {
  secret_ref_id: string;
}
/**
 * A page of secrets, newest first.
 */
export interface SecretPage {
  items: SecretRefView[];
  next_cursor: string | null;
}
/**
 * A stored secret's metadata; the value never leaves the server this way.
 */
export interface SecretRefView {
  expires_at: string | null;
  id: string;
  inserted_at: string;
  key_version: number | null;
  last_rotated_at: string | null;
  name: string;
  revoked_at: string | null;
  scope: "instance" | "project" | "integration";
  source: "env" | "onboarding" | "rotation" | "api";
  status: "active" | "revoked";
  updated_at: string;
}
/**
 * The data of an error of kind secret_unavailable.
 */
export interface SecretUnavailableErrorData {
  kind: "secret_unavailable";
  reason: string;
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
/**
 * A Forge session as clients see it.
 */
export interface Session {
  checkpoint_count: number;
  completed_at: string | null;
  environment: "local" | "sprite";
  execution_count: number;
  id: string;
  inserted_at: string;
  last_activity_at: string;
  last_error: string | null;
  name: string;
  phase:
    | "created"
    | "provisioning"
    | "ready"
    | "running"
    | "needs_input"
    | "completed"
    | "failed"
    | "cancelled";
  project_id: string;
  run_id: string | null;
  runner: "shell" | "agent_cli" | "workflow";
  runner_state: {
    [k: string]: unknown | undefined;
  };
  spec: {
    [k: string]: unknown | undefined;
  };
  started_at: string;
  updated_at: string;
  workspace_path: string;
}
/**
 * A session with its latest executions, checkpoints and open question.
 */
export interface SessionDetail {
  checkpoint_count: number;
  checkpoints: Checkpoint[];
  completed_at: string | null;
  environment: "local" | "sprite";
  execs: Exec[];
  execution_count: number;
  id: string;
  inserted_at: string;
  last_activity_at: string;
  last_error: string | null;
  name: string;
  phase:
    | "created"
    | "provisioning"
    | "ready"
    | "running"
    | "needs_input"
    | "completed"
    | "failed"
    | "cancelled";
  project_id: string;
  question: string | null;
  run_id: string | null;
  runner: "shell" | "agent_cli" | "workflow";
  runner_state: {
    [k: string]: unknown | undefined;
  };
  spec: {
    [k: string]: unknown | undefined;
  };
  started_at: string;
  updated_at: string;
  workspace_path: string;
}
/**
 * The ``data`` of an event on a ``forge:session:<id>`` topic: what ``Event`` holds.
 */
export interface SessionEventPayload {
  data: {
    [k: string]: unknown | undefined;
  };
  exec_sequence: number | null;
  session_id: string;
}
/**
 * A page of sessions, newest first.
 */
export interface SessionPage {
  items: Session[];
  next_cursor: string | null;
}
/**
 * The ``data`` of an event on the ``forge:sessions`` topic: a session's phase move.
 */
export interface SessionPhasePayload {
  data: {
    [k: string]: unknown | undefined;
  };
  name: string;
  phase:
    | "created"
    | "provisioning"
    | "ready"
    | "running"
    | "needs_input"
    | "completed"
    | "failed"
    | "cancelled";
  project_id: string;
  run_id: string | null;
  runner: "shell" | "agent_cli" | "workflow";
  session_id: string;
}
/**
 * One session.
 */
export interface SessionRef {
  session_id: string;
}
/**
 * How a session's execs run; an unset timeout takes the server's default.
 */
export interface SessionSpec {
  agent_profile?: "claude" | "codex";
  budget_usd?: number | null;
  /**
   * Extra (non-secret) environment variables
   */
  env?: {
    [k: string]: string | undefined;
  };
  environment?: "local" | "sprite";
  idle_timeout_s?: number | null;
  kill_grace_s?: number | null;
  max_turns?: number;
  wall_timeout_s?: number | null;
}
/**
 * Switch a project's agent on or off.
 */
export interface SetEnabledParams {
  agent_type: "github_issue_bot" | "pr_review_bot" | "dependency_bot";
  enabled: boolean;
  project_id: string;
}
/**
 * Store (or replace) one provider's credential; it stays unverified until verified.
 * For ``github_app`` the secret is JSON text with ``app_id``, ``installation_id`` and
 * ``private_key`` (PEM).
 */
export interface SetProviderCredentialParams {
  provider: "anthropic" | "openai" | "google" | "github_app" | "github_pat" | "sprites";
  sealed_value?: string | null;
  value?: string | null;
}
/**
 * The webhook secret GitHub signs deliveries with: for one repository (``repo``) or,
 * without it, for the whole instance.
 */
export interface SetWebhookSecretParams {
  repo?: string | null;
  sealed_value?: string | null;
  value?: string | null;
}
/**
 * What a fresh frontend needs to route: bootstrap, sign in and onboard, or the app.
 */
export interface SetupStatus {
  current_step:
    | "welcome"
    | "owner_bootstrap"
    | "provider_setup"
    | "github_setup"
    | "environment"
    | "issue_bot"
    | "import_project"
    | "complete";
  next_action: "bootstrap_owner" | "onboarding" | "ready";
  onboarding_completed: boolean;
  onboarding_step: number;
  owner_exists: boolean;
  steps: StepInfo[];
}
/**
 * One onboarding step and whether it has passed.
 */
export interface StepInfo {
  done: boolean;
  name:
    | "welcome"
    | "owner_bootstrap"
    | "provider_setup"
    | "github_setup"
    | "environment"
    | "issue_bot"
    | "import_project"
    | "complete";
  number: number;
}
/**
 * Email and password; ``mode`` chooses a session cookie or a bearer token.
 */
export interface SignInParams {
  email: string;
  mode?: "session" | "bearer";
  password: string;
}
/**
 * A new session or bearer token.
 *
 * ``token`` is set only for ``bearer``: a session token travels only in its
 * ``HttpOnly`` cookie, so page scripts never see it.
 */
export interface SignInResult {
  expires_at: string;
  mode: "session" | "bearer";
  owner: OwnerView;
  token: string | null;
  token_id: string;
}
/**
 * Whether the current token was revoked (it always is unless already revoked).
 */
export interface SignOutResult {
  revoked: boolean;
}
export interface StartRunParams {
  definition_name: string;
  inputs?: {
    [k: string]: unknown | undefined;
  };
  project_id: string;
}
/**
 * A new session of ``runner`` in the project's workspace.
 */
export interface StartSessionParams {
  name?: string | null;
  project_id: string;
  run_id?: string | null;
  runner: "shell" | "agent_cli" | "workflow";
  spec?: SessionSpec;
}
/**
 * One attempt of one step of a run: the step's position (from 0) and name in the
 * pinned definition, its kind, the attempt number (from 1), status, times, output and
 * error (redacted) and what it cost in USD.
 */
export interface StepRun {
  attempt: number;
  cost_usd: number;
  error: {
    [k: string]: unknown | undefined;
  } | null;
  finished_at: string | null;
  id: string;
  kind: string;
  output: {
    [k: string]: unknown | undefined;
  };
  run_id: string;
  started_at: string;
  status: "running" | "completed" | "failed" | "cancelled";
  step_index: number;
  step_name: string;
}
/**
 * Every attempt of a run's steps, in the order they started; each attempt's output
 * and error as stored (redacted).
 */
export interface StepRunList {
  items: StepRun[];
}
/**
 * The data of an error of kind timeout.
 */
export interface TimeoutErrorData {
  kind: "timeout";
  reason: string;
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
/**
 * Tokens, newest first.
 */
export interface TokenPage {
  items: TokenView[];
  next_cursor: string | null;
}
/**
 * A session or bearer token's metadata (never the token).
 */
export interface TokenView {
  current: boolean;
  expires_at: string;
  id: string;
  inserted_at: string;
  kind: "session" | "bearer";
  last_used_at: string | null;
  revoked_at: string | null;
  status: "active" | "expired" | "revoked";
  user_agent: string | null;
}
/**
 * The data of an error of kind unauthenticated.
 */
export interface UnauthenticatedErrorData {
  kind: "unauthenticated";
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
/**
 * Remove the binding of one environment variable.
 */
export interface UnbindSecretParams {
  env_var_name: string;
  project_id: string;
}
/**
 * The binding is gone (the secret itself stays in the store).
 */
export interface Unbound {
  env_var_name: string;
  project_id: string;
  unbound: boolean;
}
/**
 * Change instance configuration; omitted fields stay as they are.
 */
export interface UpdateConfigParams {
  default_environment?: ("sprite" | "local") | null;
  deployment_mode?: ("cloud_vm" | "local") | null;
  issue_bot_policy?: ("manual" | "auto_post") | null;
  workspace_root?: string | null;
}
export interface UpdateDefinitionParams {
  approval_policy?: WorkflowApprovalPolicyInput | null;
  /**
   * Replaces the budget when given.
   */
  budget?: RunBudgetInput | null;
  description?: string | null;
  /**
   * Refuse with conflict unless this is the current version.
   */
  expected_version?: number | null;
  input_schema?: {
    [k: string]: unknown | undefined;
  } | null;
  name: string;
  steps?: [StepSpecInput, ...StepSpecInput[]] | null;
  trigger_types?:
    | [
        "manual" | "webhook" | "schedule" | "support_agent",
        ...("manual" | "webhook" | "schedule" | "support_agent")[],
      ]
    | null;
}
/**
 * Change a project's name, default branch, environment or settings (absent = keep).
 */
export interface UpdateProjectParams {
  default_branch?: string | null;
  environment_type?: ("sprite" | "local") | null;
  name?: string | null;
  project_id: string;
  settings?: {
    [k: string]: unknown | undefined;
  } | null;
}
/**
 * Create or change a project's config of one agent type; absent fields keep their value
 * (or take the defaults on creation: disabled, the type's default events, manual approval).
 */
export interface UpsertConfigParams {
  agent_type: "github_issue_bot" | "pr_review_bot" | "dependency_bot";
  approval_policy?: ApprovalPolicyInput | null;
  configuration?: {
    [k: string]: unknown | undefined;
  } | null;
  enabled?: boolean | null;
  project_id: string;
  webhook_events?: string[] | null;
}
/**
 * The data of an error of kind validation_error.
 */
export interface ValidationErrorErrorData {
  field_errors: FieldError[];
  kind: "validation_error";
  /**
   * The request id; the server logs under it.
   */
  request_id: string;
}
/**
 * What a client needs to know about the server it talks to.
 */
export interface VersionInfo {
  inventory_version: number;
  package_version: string;
  postgres_version: string;
}
/**
 * What ``github.set_webhook_secret`` did (the secret itself is never returned).
 */
export interface WebhookSecretSet {
  previous_valid_until: string | null;
  repo: string | null;
  rotated: boolean;
  secret_ref_id: string;
  target: "instance" | "repository";
}
/**
 * The workspace as git sees it; git facts are null until the clone is ready.
 */
export interface WorkspaceStatus {
  branch: string | null;
  changed_files: ChangedFile[];
  clean: boolean | null;
  clone_error: string | null;
  clone_status: "pending" | "cloning" | "ready" | "error";
  head_commit: string | null;
  last_synced_at: string | null;
  project_id: string;
}
