/**
 * The SSH bootstrap as Systems Manager runs it: the script is read back from the synthesized SSM
 * document (Terraform's `$${`/`%%{` escapes undone, as Terraform does), written out and run for
 * real, under a POSIX shell, in a temporary root (`TRIPLINE_ROOT`) with stub package managers,
 * systemctl, getfacl/setfacl and agent control (`__tests__/fixtures/ssh-bootstrap-stubs`).
 * PATH holds the stubs and links to the few real tools the script uses, nothing else, so a real
 * dnf or apt-get on this machine cannot be found.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { SSH_AGENT_PARAMETER_NAME, SSH_DOCUMENT_NAME } from "../../modules/deployment/names";
import { sshAgentConfig } from "../../modules/deployment/ssh-agent-config";
import { terraformValue } from "../../modules/constructs/terraform-literal";
import { SCRIPT_DELIMITER, SSH_BOOTSTRAP_PATH } from "../../modules/constructs/ssh-log-shipping";
import { organizationFrom, synthOrganization } from "../support/synth";

const STUBS = join(__dirname, "..", "fixtures", "ssh-bootstrap-stubs");
const REAL_TOOLS = ["sh", "bash", "cat", "grep", "mktemp", "cmp", "install", "mkdir", "rm", "dirname", "basename", "stat", "touch", "cp", "chmod", "printf"];
const HELPER = "/usr/local/sbin/tripline-ssh-acl";
const DROP_IN = "/etc/systemd/system/logrotate.service.d/tripline-ssh-acl.conf";
const CRON = "/etc/cron.d/tripline-ssh-acl";

/** The document's `runCommand`, as written in the synthesized JSON and as AWS receives it. */
function synthesizedRunCommand(): { written: string; script: string } {
  const stacks = synthOrganization(organizationFrom());
  const documents = Object.values(stacks).flatMap(({ tf }) => Object.values(tf.resource?.aws_ssm_document ?? {}));
  const document = documents.find((d) => d.name === SSH_DOCUMENT_NAME);
  if (document === undefined) throw new Error("no SSH document in the test organization");
  const written = String(document.content);
  const content = JSON.parse(terraformValue(written)) as { mainSteps: { inputs: { runCommand: string[] } }[] };
  return { written, script: content.mainSteps[0].inputs.runCommand.join("\n") + "\n" };
}

const { written, script: RUN_COMMAND } = synthesizedRunCommand();
let work: string;
let bin: string;
let parameterFile: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tripline-ssh-bootstrap-"));
  bin = join(work, "bin");
  mkdirSync(bin);
  for (const tool of REAL_TOOLS) {
    const found = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    if (found.startsWith("/")) symlinkSync(found, join(bin, tool));
  }
  for (const stub of ["curl", "id", "uname", "systemctl", "getfacl", "setfacl"]) symlinkSync(join(STUBS, stub), join(bin, stub));
  parameterFile = join(work, "parameter.json");
  writeFileSync(parameterFile, JSON.stringify(sshAgentConfig()));
  writeFileSync(join(work, "run-command.sh"), RUN_COMMAND);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Machine {
  readonly root: string;
  /** Directory of this machine's package managers. */
  readonly pm: string;
}

/** A fresh root: os-release, the auth logs that exist, logrotate as a systemd service or from cron. */
function machine(name: string, osRelease: string, options: { logs: string[]; managers: string[]; logrotateService: boolean }): Machine {
  const root = join(work, name);
  mkdirSync(join(root, "etc", "cron.d"), { recursive: true });
  mkdirSync(join(root, "var", "log"), { recursive: true });
  writeFileSync(join(root, "etc", "os-release"), osRelease);
  for (const log of options.logs) writeFileSync(join(root, log), "Mar  5 10:00:00 host sshd[1]: Server listening on 0.0.0.0 port 22.\n", { mode: 0o600 });
  if (options.logrotateService) {
    mkdirSync(join(root, "usr", "lib", "systemd", "system"), { recursive: true });
    writeFileSync(join(root, "usr", "lib", "systemd", "system", "logrotate.service"), "[Service]\nExecStart=/usr/sbin/logrotate /etc/logrotate.conf\n");
  }
  const pm = join(work, `${name}-pm`);
  mkdirSync(pm);
  for (const manager of options.managers) symlinkSync(join(STUBS, "package-manager"), join(pm, manager));
  return { root, pm };
}

function run(m: Machine, env: Record<string, string> = {}) {
  const result = spawnSync(join(bin, "sh"), [join(work, "run-command.sh")], {
    encoding: "utf8",
    env: { PATH: `${m.pm}:${bin}`, TRIPLINE_ROOT: m.root, STUBS, STUB_PARAMETER_FILE: parameterFile, HOME: work, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const calls = (m: Machine): string[] => {
  const log = join(m.root, ".stub-state", "calls.log");
  return existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
};
const clearCalls = (m: Machine) => rmSync(join(m.root, ".stub-state", "calls.log"), { force: true });
const hasGrant = (m: Machine, log: string): boolean => execFileSync(join(STUBS, "getfacl"), [join(m.root, log)], { env: { TRIPLINE_ROOT: m.root, STUBS }, encoding: "utf8" }).includes("user:cwagent:r");
const read = (m: Machine, path: string): string => readFileSync(join(m.root, path), "utf8");
const AGENT_CTL = "opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl";

describe("the document as synthesized", () => {
  test("carries the script file byte for byte inside a quoted here-document run by bash", () => {
    const script = readFileSync(SSH_BOOTSTRAP_PATH, "utf8");
    expect(RUN_COMMAND).toContain(`<<'${SCRIPT_DELIMITER}'\n${script}${SCRIPT_DELIMITER}\nbash "$script"\n`);
  });

  test("escapes every ${ and %{ for Terraform, and nothing else", () => {
    const script = readFileSync(SSH_BOOTSTRAP_PATH, "utf8");
    expect(script).toContain("${TRIPLINE_ROOT:-}");
    expect(written).toContain("$${TRIPLINE_ROOT:-}");
    // Once unescaped, no interpolation or directive is left for Terraform to evaluate.
    expect(written.replace(/\$\$\{/g, "").replace(/%%\{/g, "")).not.toMatch(/\$\{|%\{/);
    expect(terraformValue(written)).toContain("${TRIPLINE_ROOT:-}");
  });
});

describe("a fresh RHEL-like instance (agent not in its repositories)", () => {
  let m: Machine;
  let first: ReturnType<typeof run>;
  beforeAll(() => {
    m = machine("rhel", 'ID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.4"\n', { logs: ["var/log/secure"], managers: ["dnf", "yum"], logrotateService: true });
    first = run(m);
  });

  test("installs the agent from AWS's package with dnf, grants cwagent read access, loads the configuration and starts the agent", () => {
    // dnf's own complaint when the repositories lack the agent; the script then downloads it.
    expect(first.stderr).toBe("No match for argument: amazon-cloudwatch-agent\n");
    expect(first.status).toBe(0);
    const packagePath = calls(m)[1].split(" ")[8];
    expect(packagePath).toMatch(/^\/.+\/amazon-cloudwatch-agent\.rpm$/);
    expect(existsSync(dirname(packagePath))).toBe(false);
    expect(calls(m)).toEqual([
      "dnf install -y amazon-cloudwatch-agent",
      `curl --fail --silent --show-error --location --proto =https --output ${packagePath} https://amazoncloudwatch-agent.s3.amazonaws.com/redhat/amd64/latest/amazon-cloudwatch-agent.rpm`,
      `dnf install -y ${packagePath}`,
      `setfacl -m u:cwagent:r ${m.root}/var/log/secure`,
      "systemctl daemon-reload",
      `amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -c ssm:${SSH_AGENT_PARAMETER_NAME}`,
      "amazon-cloudwatch-agent-ctl -a status",
      `amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:${SSH_AGENT_PARAMETER_NAME}`,
    ]);
    expect(hasGrant(m, "var/log/secure")).toBe(true);
    expect(existsSync(join(m.root, "var/log/auth.log"))).toBe(false);
    expect(first.stdout).toMatch(/tripline: done: \d+ change\(s\)\n$/);
  });

  test("hooks the grant to logrotate.service, whose ExecStartPost runs the installed helper", () => {
    expect(read(m, DROP_IN)).toBe(`# tripline: re-grant cwagent read access after logrotate re-creates the auth log.\n[Service]\nExecStartPost=${HELPER}\n`);
    expect(statSync(join(m.root, HELPER)).mode & 0o777).toBe(0o755);
    expect(existsSync(join(m.root, CRON))).toBe(false);
  });

  test("a rotation that replaces the file loses the grant, and logrotate's hook restores it", () => {
    renameSync(join(m.root, "var/log/secure"), join(m.root, "var/log/secure-20260301"));
    writeFileSync(join(m.root, "var/log/secure"), "", { mode: 0o600 });
    expect(hasGrant(m, "var/log/secure")).toBe(false);
    clearCalls(m);
    // What systemd runs after logrotate: the drop-in's ExecStartPost.
    const hook = /^ExecStartPost=(.+)$/m.exec(read(m, DROP_IN))?.[1] ?? "";
    const out = execFileSync(join(bin, "sh"), [join(m.root, hook)], { env: { PATH: bin, TRIPLINE_ROOT: m.root, STUBS }, encoding: "utf8" });
    expect(out).toBe("granted cwagent read access to /var/log/secure\n");
    expect(calls(m)).toEqual([`setfacl -m u:cwagent:r ${m.root}/var/log/secure`]);
    expect(hasGrant(m, "var/log/secure")).toBe(true);
    expect(hasGrant(m, "var/log/secure-20260301")).toBe(true);
  });

  test("a second run changes nothing and says so", () => {
    clearCalls(m);
    const files = [HELPER, DROP_IN, AGENT_CTL].map((f) => statSync(join(m.root, f)).mtimeMs);
    const second = run(m);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe("tripline: nothing to change: the CloudWatch agent ships the SSH log\n");
    expect(calls(m)).toEqual([`amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -c ssm:${SSH_AGENT_PARAMETER_NAME}`, "amazon-cloudwatch-agent-ctl -a status"]);
    expect([HELPER, DROP_IN, AGENT_CTL].map((f) => statSync(join(m.root, f)).mtimeMs)).toEqual(files);
  });

  test("a changed parameter is loaded and the agent restarted", () => {
    clearCalls(m);
    const changed = join(work, "parameter-changed.json");
    writeFileSync(changed, JSON.stringify({ ...sshAgentConfig(), agent: { run_as_user: "cwagent", debug: true } }));
    const third = run(m, { STUB_PARAMETER_FILE: changed });
    expect(third.status).toBe(0);
    expect(third.stdout).toContain(`tripline: changed: loaded a new agent configuration from ${SSH_AGENT_PARAMETER_NAME}`);
    expect(third.stdout).toContain("tripline: restarted the CloudWatch agent");
    expect(calls(m)).toContain(`amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:${SSH_AGENT_PARAMETER_NAME}`);
  });
});

describe("a Debian-like instance (Ubuntu, logrotate from cron)", () => {
  let m: Machine;
  let first: ReturnType<typeof run>;
  beforeAll(() => {
    m = machine("ubuntu", 'ID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\n', { logs: ["var/log/auth.log"], managers: ["apt-get"], logrotateService: false });
    first = run(m);
  });

  test("installs AWS's .deb with apt-get, grants read access to auth.log and keeps it from cron", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const [download, install] = calls(m);
    expect(download).toMatch(/^curl .* https:\/\/amazoncloudwatch-agent\.s3\.amazonaws\.com\/ubuntu\/amd64\/latest\/amazon-cloudwatch-agent\.deb$/);
    expect(install).toMatch(/^apt-get install -y \/.*\/amazon-cloudwatch-agent\.deb$/);
    expect(calls(m)).toContain(`setfacl -m u:cwagent:r ${m.root}/var/log/auth.log`);
    expect(calls(m)).not.toContain("systemctl daemon-reload");
    expect(hasGrant(m, "var/log/auth.log")).toBe(true);
    expect(read(m, CRON)).toContain(`*/5 * * * * root ${HELPER} >/dev/null 2>&1`);
    expect(existsSync(join(m.root, DROP_IN))).toBe(false);
  });

  test("a second run changes nothing and says so", () => {
    clearCalls(m);
    const second = run(m);
    expect(second.stdout).toBe("tripline: nothing to change: the CloudWatch agent ships the SSH log\n");
    expect(calls(m).filter((c) => !c.startsWith("amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -c") && c !== "amazon-cloudwatch-agent-ctl -a status")).toEqual([]);
  });
});

describe("an Amazon Linux 2023 instance without rsyslog", () => {
  let m: Machine;
  let first: ReturnType<typeof run>;
  beforeAll(() => {
    m = machine("al2023", 'NAME="Amazon Linux"\nID="amzn"\nID_LIKE="fedora"\nVERSION_ID="2023"\n', { logs: [], managers: ["dnf"], logrotateService: true });
    first = run(m, { STUB_AGENT_IN_REPO: "1" });
  });

  test("installs the agent from the repository, installs and enables rsyslog, and grants read access to the new /var/log/secure", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(calls(m).slice(0, 5)).toEqual([
      "dnf install -y amazon-cloudwatch-agent",
      "dnf install -y rsyslog",
      "systemctl is-enabled --quiet rsyslog",
      "systemctl enable --now rsyslog",
      `setfacl -m u:cwagent:r ${m.root}/var/log/secure`,
    ]);
    expect(statSync(join(m.root, "var/log/secure")).mode & 0o777).toBe(0o600);
    expect(hasGrant(m, "var/log/secure")).toBe(true);
    expect(first.stdout).toContain("tripline: changed: installed rsyslog (Amazon Linux 2023 keeps auth messages only in the journal)");
  });

  test("a second run changes nothing and says so", () => {
    clearCalls(m);
    const second = run(m, { STUB_AGENT_IN_REPO: "1" });
    expect(second.stdout).toBe("tripline: nothing to change: the CloudWatch agent ships the SSH log\n");
    expect(calls(m)).toEqual([
      "systemctl is-enabled --quiet rsyslog",
      "systemctl is-active --quiet rsyslog",
      `amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -c ssm:${SSH_AGENT_PARAMETER_NAME}`,
      "amazon-cloudwatch-agent-ctl -a status",
    ]);
  });
});

describe("unsupported systems fail clearly and change nothing", () => {
  test.each([
    ["no package manager", 'ID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\n', [], {}, "tripline: error: unsupported system (ubuntu 22.04): no dnf, yum or apt-get to install the CloudWatch agent with\n"],
    ["an unknown distribution", 'ID=alpine\nVERSION_ID="3.20"\n', ["apt-get"], {}, "tripline: error: unsupported system (alpine 3.20): tripline supports Amazon Linux, RHEL-like and Debian-like distributions\n"],
    ["an unknown architecture", 'ID="rhel"\nVERSION_ID="9"\n', ["dnf"], { STUB_ARCH: "s390x" }, "tripline: error: unsupported architecture s390x: the CloudWatch agent is published for x86_64 and aarch64\n"],
  ] as const)("%s", (name, osRelease, managers, env, message) => {
    const m = machine(`unsupported-${name.replace(/ /g, "-")}`, osRelease, { logs: ["var/log/secure"], managers: [...managers], logrotateService: true });
    const result = run(m, env);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(message);
    expect(calls(m)).toEqual([]);
  });

  test("no /etc/os-release", () => {
    const m = machine("no-os-release", "", { logs: [], managers: ["dnf"], logrotateService: false });
    rmSync(join(m.root, "etc", "os-release"));
    const result = run(m);
    expect([result.status, result.stderr]).toEqual([1, "tripline: error: unsupported system: no /etc/os-release\n"]);
  });
});

test("the stubs are executable (a fresh checkout keeps their mode)", () => {
  for (const stub of ["package-manager", "curl", "id", "uname", "systemctl", "getfacl", "setfacl", "amazon-cloudwatch-agent-ctl"]) {
    expect(statSync(join(STUBS, stub)).mode & 0o111).not.toBe(0);
  }
  expect(dirname(SSH_BOOTSTRAP_PATH)).toMatch(/modules\/constructs$/);
  chmodSync(join(STUBS, "curl"), 0o755);
});
