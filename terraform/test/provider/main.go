// Command terraform-provider-aws is a schema-only stand-in for hashicorp/aws, for checking this
// project's Terraform where the real provider cannot be downloaded. It answers the real provider's
// schema (schema.json, generated from the provider's published schema), so OpenTofu's own validate,
// plan and test run for real: unknown arguments, wrong types, missing required arguments, too many
// blocks and references to attributes that do not exist all fail as they would against AWS. Planning a
// new resource marks its computed attributes "known after apply", as the real provider does; applying
// makes up the values AWS would return (ARNs, URLs, ids in account 123456789012) and calls no API.
// What it cannot do is the real provider's own value checks (ranges, enums, conflicting arguments);
// terraform/README.md says what only a real plan against AWS checks.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func main() {
	loaded, err := loadSchemas()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := tf5server.Serve("registry.opentofu.org/hashicorp/aws", func() tfprotov5.ProviderServer {
		return &server{schemas: loaded, region: "us-east-1"}
	}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type server struct {
	schemas *schemas
	region  string
}

func errorDiagnostic(summary string, err error) []*tfprotov5.Diagnostic {
	return []*tfprotov5.Diagnostic{{Severity: tfprotov5.DiagnosticSeverityError, Summary: summary, Detail: err.Error()}}
}

func (s *server) GetMetadata(context.Context, *tfprotov5.GetMetadataRequest) (*tfprotov5.GetMetadataResponse, error) {
	response := &tfprotov5.GetMetadataResponse{ServerCapabilities: &tfprotov5.ServerCapabilities{PlanDestroy: true}}
	for _, name := range sortedKeys(s.schemas.resources) {
		response.Resources = append(response.Resources, tfprotov5.ResourceMetadata{TypeName: name})
	}
	for _, name := range sortedKeys(s.schemas.dataSources) {
		response.DataSources = append(response.DataSources, tfprotov5.DataSourceMetadata{TypeName: name})
	}
	return response, nil
}

func (s *server) GetProviderSchema(context.Context, *tfprotov5.GetProviderSchemaRequest) (*tfprotov5.GetProviderSchemaResponse, error) {
	return &tfprotov5.GetProviderSchemaResponse{
		ServerCapabilities: &tfprotov5.ServerCapabilities{PlanDestroy: true},
		Provider:           s.schemas.provider,
		ResourceSchemas:    s.schemas.resources,
		DataSourceSchemas:  s.schemas.dataSources,
	}, nil
}

func (s *server) GetResourceIdentitySchemas(context.Context, *tfprotov5.GetResourceIdentitySchemasRequest) (*tfprotov5.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov5.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov5.ResourceIdentitySchema{}}, nil
}

func (s *server) PrepareProviderConfig(_ context.Context, req *tfprotov5.PrepareProviderConfigRequest) (*tfprotov5.PrepareProviderConfigResponse, error) {
	return &tfprotov5.PrepareProviderConfigResponse{PreparedConfig: req.Config}, nil
}

// ConfigureProvider keeps the configured region, which goes into the ARNs and URLs "apply" makes up.
func (s *server) ConfigureProvider(_ context.Context, req *tfprotov5.ConfigureProviderRequest) (*tfprotov5.ConfigureProviderResponse, error) {
	config, err := req.Config.Unmarshal(s.schemas.provider.ValueType())
	if err != nil {
		return &tfprotov5.ConfigureProviderResponse{Diagnostics: errorDiagnostic("cannot read the provider configuration", err)}, nil
	}
	var attributes map[string]tftypes.Value
	if err := config.As(&attributes); err == nil {
		if region, ok := stringOf(attributes["region"]); ok && region != "" {
			s.region = region
		}
	}
	return &tfprotov5.ConfigureProviderResponse{}, nil
}

func (s *server) StopProvider(context.Context, *tfprotov5.StopProviderRequest) (*tfprotov5.StopProviderResponse, error) {
	return &tfprotov5.StopProviderResponse{}, nil
}

func (s *server) resource(name string) (*tfprotov5.Schema, []*tfprotov5.Diagnostic) {
	schema, ok := s.schemas.resources[name]
	if !ok {
		return nil, errorDiagnostic("unknown resource type "+name, fmt.Errorf("schema.json has no %s; regenerate it", name))
	}
	return schema, nil
}

// ValidateResourceTypeConfig accepts what OpenTofu's own check against the schema accepted: the real
// provider's value checks (ranges, enums, conflicting arguments) are not known here.
func (s *server) ValidateResourceTypeConfig(_ context.Context, req *tfprotov5.ValidateResourceTypeConfigRequest) (*tfprotov5.ValidateResourceTypeConfigResponse, error) {
	_, diagnostics := s.resource(req.TypeName)
	return &tfprotov5.ValidateResourceTypeConfigResponse{Diagnostics: diagnostics}, nil
}

func (s *server) UpgradeResourceState(_ context.Context, req *tfprotov5.UpgradeResourceStateRequest) (*tfprotov5.UpgradeResourceStateResponse, error) {
	schema, diagnostics := s.resource(req.TypeName)
	if diagnostics != nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: diagnostics}, nil
	}
	value, err := req.RawState.UnmarshalWithOpts(schema.ValueType(), tfprotov5.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: errorDiagnostic("cannot read the state of "+req.TypeName, err)}, nil
	}
	upgraded, err := tfprotov5.NewDynamicValue(schema.ValueType(), value)
	if err != nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: errorDiagnostic("cannot encode the state of "+req.TypeName, err)}, nil
	}
	return &tfprotov5.UpgradeResourceStateResponse{UpgradedState: &upgraded}, nil
}

// ReadResource answers the state as it is: nothing exists outside it.
func (s *server) ReadResource(_ context.Context, req *tfprotov5.ReadResourceRequest) (*tfprotov5.ReadResourceResponse, error) {
	return &tfprotov5.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (s *server) PlanResourceChange(_ context.Context, req *tfprotov5.PlanResourceChangeRequest) (*tfprotov5.PlanResourceChangeResponse, error) {
	schema, diagnostics := s.resource(req.TypeName)
	if diagnostics != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: diagnostics}, nil
	}
	creating, err := req.PriorState.IsNull()
	if err != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiagnostic("cannot read the prior state of "+req.TypeName, err)}, nil
	}
	planned, diagnostics := change(schema, req.ProposedNewState, "the proposed state of "+req.TypeName, func(v tftypes.Value) (tftypes.Value, error) {
		if creating && !v.IsNull() {
			return markComputedUnknown(schema, v)
		}
		return v, nil
	})
	return &tfprotov5.PlanResourceChangeResponse{PlannedState: planned, PlannedPrivate: req.PriorPrivate, Diagnostics: diagnostics}, nil
}

func (s *server) ApplyResourceChange(_ context.Context, req *tfprotov5.ApplyResourceChangeRequest) (*tfprotov5.ApplyResourceChangeResponse, error) {
	schema, diagnostics := s.resource(req.TypeName)
	if diagnostics != nil {
		return &tfprotov5.ApplyResourceChangeResponse{Diagnostics: diagnostics}, nil
	}
	applied, diagnostics := change(schema, req.PlannedState, "the planned state of "+req.TypeName, func(v tftypes.Value) (tftypes.Value, error) {
		if v.IsNull() {
			return v, nil // destroyed
		}
		return fillUnknown(req.TypeName, s.region, v)
	})
	return &tfprotov5.ApplyResourceChangeResponse{NewState: applied, Private: req.PlannedPrivate, Diagnostics: diagnostics}, nil
}

// change decodes a value of the schema's type, changes it with f, and encodes the result.
func change(schema *tfprotov5.Schema, in *tfprotov5.DynamicValue, what string, f func(tftypes.Value) (tftypes.Value, error)) (*tfprotov5.DynamicValue, []*tfprotov5.Diagnostic) {
	typ := schema.ValueType()
	value, err := in.Unmarshal(typ)
	if err != nil {
		return nil, errorDiagnostic("cannot read "+what, err)
	}
	if value, err = f(value); err != nil {
		return nil, errorDiagnostic("cannot fill in "+what, err)
	}
	out, err := tfprotov5.NewDynamicValue(typ, value)
	if err != nil {
		return nil, errorDiagnostic("cannot encode "+what, err)
	}
	return &out, nil
}

func (s *server) ImportResourceState(_ context.Context, req *tfprotov5.ImportResourceStateRequest) (*tfprotov5.ImportResourceStateResponse, error) {
	return &tfprotov5.ImportResourceStateResponse{Diagnostics: errorDiagnostic("import is not supported",
		fmt.Errorf("the schema-only test provider has nothing to import %s %q from", req.TypeName, req.ID))}, nil
}

func (s *server) MoveResourceState(_ context.Context, req *tfprotov5.MoveResourceStateRequest) (*tfprotov5.MoveResourceStateResponse, error) {
	return &tfprotov5.MoveResourceStateResponse{Diagnostics: errorDiagnostic("moving state is not supported",
		fmt.Errorf("the schema-only test provider cannot move %s", req.SourceTypeName))}, nil
}

func (s *server) UpgradeResourceIdentity(_ context.Context, req *tfprotov5.UpgradeResourceIdentityRequest) (*tfprotov5.UpgradeResourceIdentityResponse, error) {
	return &tfprotov5.UpgradeResourceIdentityResponse{Diagnostics: errorDiagnostic("resource identity is not supported",
		fmt.Errorf("the schema-only test provider keeps no identity for %s", req.TypeName))}, nil
}

func (s *server) GenerateResourceConfig(_ context.Context, req *tfprotov5.GenerateResourceConfigRequest) (*tfprotov5.GenerateResourceConfigResponse, error) {
	return &tfprotov5.GenerateResourceConfigResponse{Diagnostics: errorDiagnostic("generating configuration is not supported",
		fmt.Errorf("the schema-only test provider cannot generate configuration for %s", req.TypeName))}, nil
}

func (s *server) ValidateDataSourceConfig(_ context.Context, req *tfprotov5.ValidateDataSourceConfigRequest) (*tfprotov5.ValidateDataSourceConfigResponse, error) {
	if _, ok := s.schemas.dataSources[req.TypeName]; !ok {
		return &tfprotov5.ValidateDataSourceConfigResponse{Diagnostics: errorDiagnostic("unknown data source "+req.TypeName,
			fmt.Errorf("schema.json has no data source %s; regenerate it", req.TypeName))}, nil
	}
	return &tfprotov5.ValidateDataSourceConfigResponse{}, nil
}

// ReadDataSource answers what AWS would about the caller, the region and the partition.
func (s *server) ReadDataSource(_ context.Context, req *tfprotov5.ReadDataSourceRequest) (*tfprotov5.ReadDataSourceResponse, error) {
	schema, ok := s.schemas.dataSources[req.TypeName]
	if !ok {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiagnostic("unknown data source "+req.TypeName,
			fmt.Errorf("schema.json has no data source %s", req.TypeName))}, nil
	}
	state, diagnostics := change(schema, req.Config, "data source "+req.TypeName, func(v tftypes.Value) (tftypes.Value, error) {
		v, err := markComputedUnknown(schema, v)
		if err != nil {
			return v, err
		}
		return fillUnknown("data."+req.TypeName, s.region, v)
	})
	return &tfprotov5.ReadDataSourceResponse{State: state, Diagnostics: diagnostics}, nil
}

func (s *server) GetFunctions(context.Context, *tfprotov5.GetFunctionsRequest) (*tfprotov5.GetFunctionsResponse, error) {
	return &tfprotov5.GetFunctionsResponse{Functions: map[string]*tfprotov5.Function{}}, nil
}

func (s *server) CallFunction(context.Context, *tfprotov5.CallFunctionRequest) (*tfprotov5.CallFunctionResponse, error) {
	return &tfprotov5.CallFunctionResponse{Error: &tfprotov5.FunctionError{Text: "the schema-only test provider has no functions"}}, nil
}

func (s *server) ValidateEphemeralResourceConfig(context.Context, *tfprotov5.ValidateEphemeralResourceConfigRequest) (*tfprotov5.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov5.ValidateEphemeralResourceConfigResponse{Diagnostics: errorDiagnostic("ephemeral resources are not supported",
		fmt.Errorf("the schema-only test provider has none"))}, nil
}

func (s *server) OpenEphemeralResource(context.Context, *tfprotov5.OpenEphemeralResourceRequest) (*tfprotov5.OpenEphemeralResourceResponse, error) {
	return &tfprotov5.OpenEphemeralResourceResponse{Diagnostics: errorDiagnostic("ephemeral resources are not supported",
		fmt.Errorf("the schema-only test provider has none"))}, nil
}

func (s *server) RenewEphemeralResource(context.Context, *tfprotov5.RenewEphemeralResourceRequest) (*tfprotov5.RenewEphemeralResourceResponse, error) {
	return &tfprotov5.RenewEphemeralResourceResponse{}, nil
}

func (s *server) CloseEphemeralResource(context.Context, *tfprotov5.CloseEphemeralResourceRequest) (*tfprotov5.CloseEphemeralResourceResponse, error) {
	return &tfprotov5.CloseEphemeralResourceResponse{}, nil
}
