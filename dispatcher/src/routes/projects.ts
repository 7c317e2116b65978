/** /v1/projects: create, read, list, and the customer's bootstrap (CloudFormation / Terraform). */
import type { ApiInstance } from '../http/api-instance.js';
import type { AppContext } from '../app-context.js';
import { auditContext, canSeeProject, principalOf, requireRole } from '../auth/principal.js';
import { notFound } from '../http/http-error.js';
import { bearer, described, errorResponses, IdParam, problem } from '../schemas/common.js';
import {
  BootstrapView,
  CreateProjectBody,
  ProjectList,
  ProjectView,
} from '../schemas/project-schemas.js';
import { projectInput } from '../schemas/project-input.js';
import type { Project } from '../store/records.js';
import { requireUnscoped } from '../auth/token-scope.js';
import { runnerRoleArnFor } from '../dispatch/runner-environment.js';
import { bootstrapInfo } from './bootstrap-info.js';

const view = (p: Project) => ({
  ...p,
  createdAt: p.createdAt.toISOString(),
  protectedEnvironments: [...p.protectedEnvironments],
  gcp: p.gcp ?? null,
  azure: p.azure ?? null,
  links: { self: `/v1/projects/${p.id}`, bootstrap: `/v1/projects/${p.id}/bootstrap` },
});

export function projectRoutes(app: ApiInstance, ctx: AppContext): void {
  const visible = async (
    tenantId: string,
    id: string,
    p: ReturnType<typeof principalOf>,
  ): Promise<Project> => {
    const project = await ctx.store.projects.get(tenantId, id);
    if (!project || !canSeeProject(p, project)) throw notFound('project', id);
    return project;
  };

  app.post(
    '/v1/projects',
    {
      schema: {
        summary: 'Create a project',
        operationId: 'createProject',
        tags: ['projects'],
        security: bearer,
        body: CreateProjectBody,
        response: {
          201: described('The project', ProjectView),
          ...errorResponses,
          409: problem('The name is taken by another project of your tenant'),
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'creating a project');
      requireUnscoped(p, 'creating a project');
      const project = await ctx.store.projects.create(
        p.tenantId,
        projectInput(request.body),
        auditContext(request),
      );
      return reply.code(201).header('location', `/v1/projects/${project.id}`).send(view(project));
    },
  );

  app.get(
    '/v1/projects',
    {
      schema: {
        summary: 'List projects',
        operationId: 'listProjects',
        tags: ['projects'],
        security: bearer,
        response: {
          200: described('The projects this token may see', ProjectList),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return {
        items: (await ctx.store.projects.list(p.tenantId))
          .filter((pr) => canSeeProject(p, pr))
          .map(view),
      };
    },
  );

  app.get(
    '/v1/projects/:id',
    {
      schema: {
        summary: 'Read a project (by id or name)',
        operationId: 'getProject',
        tags: ['projects'],
        security: bearer,
        params: IdParam,
        response: { 200: described('The project', ProjectView), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return view(await visible(p.tenantId, request.params.id, p));
    },
  );

  app.get(
    '/v1/projects/:id/bootstrap',
    {
      schema: {
        summary: "How the customer creates the role Grape assumes (with this project's ExternalId)",
        operationId: 'getProjectBootstrap',
        tags: ['projects'],
        security: bearer,
        params: IdParam,
        response: {
          200: described(
            'The role to create, as a CloudFormation template and a Terraform snippet',
            BootstrapView,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const project = await visible(p.tenantId, request.params.id, p);
      return bootstrapInfo(project, {
        templateUrl: ctx.config.bootstrapTemplateUrl,
        trustedPrincipalArn: runnerRoleArnFor(p.tenantId, ctx.config),
        runner:
          ctx.config.executor.kind === 'github'
            ? {
                repository: `${ctx.config.executor.github.owner}/${ctx.config.executor.github.repo}`,
                workflow: ctx.config.executor.github.workflow,
                ref: ctx.config.executor.github.ref,
              }
            : undefined,
      });
    },
  );
}
