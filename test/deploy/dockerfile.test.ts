import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { load } from "js-yaml";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { findProjectRoot, projectRoot } from "../../src/paths.js";

/** No Docker engine on our machines: these tests read the Dockerfile as text and check its structure. */
interface Instruction {
  op: string;
  args: string;
}

function parseDockerfile(text: string): Instruction[][] {
  const lines = text
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const stages: Instruction[][] = [];
  for (const line of lines) {
    const [op = "", ...rest] = line.split(/\s+/);
    const instruction = { op: op.toUpperCase(), args: rest.join(" ") };
    if (instruction.op === "FROM") stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

const dockerfile = readFileSync(join(projectRoot, "Dockerfile"), "utf8");
const stages = parseDockerfile(dockerfile);
const runtime = stages.at(-1) ?? [];
const find = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op);
const execForm = (args: string) => JSON.parse(args) as string[];

describe("Dockerfile", () => {
  it("builds in stages: type check and compile first, then a runtime stage", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages[0] ?? [];
    expect(find(build, "RUN").map((i) => i.args)).toContain("npm run build");
    // `npm run build` is tsc over src/ (tsconfig.build.json extends the strict config): it type-checks.
    const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8"));
    expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json$/);
    // The runtime stage takes only the compiled output and the trained intent model from the build stage.
    const fromBuild = find(runtime, "COPY").filter((i) => i.args.startsWith("--from=build"));
    expect(fromBuild.map((i) => i.args)).toEqual([
      "--from=build /app/dist ./dist",
      "--from=build /app/.cache ./.cache",
    ]);
  });

  it("builds and runs on one supported Node.js LTS that package.json's engines allow", () => {
    const majors = stages.map((stage) =>
      Number(/^node:(\d+)-/.exec(find(stage, "FROM")[0]?.args ?? "")?.[1]),
    );
    expect(new Set(majors).size).toBe(1);
    const [major = 0] = majors;
    // Even majors are the LTS lines; 20 reached its end of life in April 2026.
    expect(major % 2).toBe(0);
    expect(major).toBeGreaterThanOrEqual(22);
    const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8"));
    const minimum = Number(/>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
    expect(minimum).toBeGreaterThanOrEqual(22);
    expect(minimum).toBeLessThanOrEqual(major);
  });

  it("installs production dependencies only", () => {
    const runs = stages.flatMap((s) => find(s, "RUN")).map((i) => i.args);
    expect(runs.some((r) => /npm ci --omit=dev/.test(r))).toBe(true);
    const nodeModules = find(runtime, "COPY").filter((i) => i.args.includes("node_modules"));
    expect(nodeModules).toHaveLength(1);
    const source = nodeModules[0]?.args.match(/--from=(\S+)/)?.[1];
    const sourceStage = stages.find((s) => s[0]?.args.endsWith(` AS ${source}`)) ?? [];
    expect(find(sourceStage, "RUN").map((i) => i.args)).toEqual([
      expect.stringMatching(/^npm ci --omit=dev/),
    ]);
  });

  it("trains the intent model at build time and ships the trained model", () => {
    const build = stages[0] ?? [];
    const runs = find(build, "RUN").map((i) => i.args);
    const compiled = runs.findIndex((args) => args.includes("npm run build"));
    const trained = runs.findIndex((args) => args.includes("dist/src/cli/kb-check.js"));
    expect(compiled).toBeGreaterThanOrEqual(0);
    expect(trained).toBeGreaterThan(compiled);
    expect(find(runtime, "COPY").some((i) => /^--from=build \/app\/\.cache /.test(i.args))).toBe(true);
  });

  it("runs as a non-root user", () => {
    const users = find(runtime, "USER").map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(["root", "0", "0:0", "root:root"]).not.toContain(users.at(-1));
  });

  it("starts node directly on the compiled entry point that the build produces", () => {
    const cmd = find(runtime, "CMD").at(-1);
    expect(cmd).toBeDefined();
    const argv = execForm(cmd?.args ?? "[]");
    expect(argv).toEqual(["node", "dist/src/main.js"]);
    expect(find(runtime, "ENTRYPOINT")).toEqual([]);
    expect(find(runtime, "WORKDIR").at(-1)?.args).toBe("/app");

    // Where tsc puts src/main.ts with the build config: it must be the file CMD starts.
    const configPath = join(projectRoot, "tsconfig.build.json");
    const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, projectRoot, undefined, configPath);
    const main = join(projectRoot, "src", "main.ts");
    expect(parsed.fileNames).toContain(main.replace(/\\/g, "/"));
    const outputs = ts.getOutputFileNames(parsed, main, false);
    const js = outputs.find((f) => f.endsWith(".js"));
    expect(js && posix.relative(projectRoot.replace(/\\/g, "/"), js.replace(/\\/g, "/"))).toBe(argv[1]);
  });

  it("copies the files src/paths.ts expects next to dist/ (locales, knowledge content, package.json)", () => {
    const copies = find(runtime, "COPY")
      .filter((i) => !i.args.startsWith("--from"))
      .map((i) => i.args.split(/\s+/));
    const targets = Object.fromEntries(copies.map((parts) => [parts[0], parts.at(-1)]));
    expect(targets).toMatchObject({
      "package.json": "./",
      locales: "./locales",
      "src/knowledge/content": "./src/knowledge/content",
    });
    for (const source of Object.keys(targets)) expect(existsSync(join(projectRoot, source))).toBe(true);
    // paths.ts finds the root as the nearest folder with package.json: in the image, /app from /app/dist/src.
    const app = mkdtempSync(join(tmpdir(), "wb-image-"));
    mkdirSync(join(app, "dist", "src"), { recursive: true });
    writeFileSync(join(app, "package.json"), "{}");
    expect(findProjectRoot(join(app, "dist", "src"))).toBe(app);
    rmSync(app, { recursive: true, force: true });
  });

  it("never copies secrets or the whole context", () => {
    for (const copy of stages.flatMap((s) => [...find(s, "COPY"), ...find(s, "ADD")])) {
      expect(copy.args).not.toMatch(/\.env|\bdata\b|^\.\s|\s\.\s/);
    }
    expect(find(runtime, "ADD")).toEqual([]);
    for (const env of stages.flatMap((s) => [...find(s, "ENV"), ...find(s, "ARG")])) {
      expect(env.args).not.toMatch(/TOKEN|SECRET|PASSWORD/i);
    }
  });

  it("has a health check on /healthz, a data volume and stops with SIGTERM", () => {
    const health = find(runtime, "HEALTHCHECK").at(-1)?.args ?? "";
    expect(health).toContain("/healthz");
    expect(health).toMatch(/CMD \["node", "-e"/);
    expect(find(runtime, "VOLUME").map((i) => i.args)).toContain("/app/data");
    expect(
      find(runtime, "ENV")
        .map((i) => i.args)
        .join(" "),
    ).toContain("DATABASE_URL=/app/data/");
    expect(find(runtime, "STOPSIGNAL").at(-1)?.args ?? "SIGTERM").toBe("SIGTERM");
  });
});

describe(".dockerignore", () => {
  const rules = readFileSync(join(projectRoot, ".dockerignore"), "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));

  it("is an allow-list: everything is excluded unless named", () => {
    expect(rules[0]).toBe("*");
    const allowed = rules.filter((r) => r.startsWith("!")).map((r) => r.slice(1).replace(/\/$/, ""));
    for (const forbidden of [".env", "data", "node_modules", "dist", ".git", "test", "bench", "Dockerfile"]) {
      expect(allowed).not.toContain(forbidden);
    }
    expect(rules).toContain("**/.env");
  });

  it("lets in everything the Dockerfile copies from the context", () => {
    const allowed = rules.filter((r) => r.startsWith("!")).map((r) => r.slice(1).replace(/\/$/, ""));
    const sources = stages
      .flatMap((s) => find(s, "COPY"))
      .filter((i) => !i.args.startsWith("--from"))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const source of sources) {
      expect(allowed.some((a) => source === a || source.startsWith(`${a}/`))).toBe(true);
    }
  });
});

describe("compose.yaml", () => {
  interface Service {
    build?: string;
    image?: string;
    environment: Record<string, string>;
    depends_on: Record<string, { condition: string }>;
    healthcheck: { test: string[] };
  }
  const compose = load(readFileSync(join(projectRoot, "compose.yaml"), "utf8")) as {
    services: { bot: Service; db: Service };
  };
  it("runs the bot image next to PostgreSQL, with the secrets from the environment", () => {
    const { bot, db } = compose.services;
    expect(bot.build).toBe(".");
    expect(bot.environment.DATABASE_URL).toMatch(
      /^postgres:\/\/\w+:\$\{POSTGRES_PASSWORD:\?[^}]*\}@db:5432\//,
    );
    expect(bot.environment.BOT_TOKEN).toMatch(/^\$\{BOT_TOKEN:\?/);
    expect(bot.depends_on.db?.condition).toBe("service_healthy");
    expect(db.image).toMatch(/^postgres:/);
    expect(db.healthcheck.test.join(" ")).toContain("pg_isready");
  });
});
